// TLS for brand domains (issue 27 item 6) over the real stack: certificates from a throwaway CA
// the stack made (and an intermediate the test makes) are checked before they are kept; a kept
// one is served by nginx for the brand's domain (SNI) within seconds; ACME through Debian's pebble
// issues and renews one by itself over HTTP-01; the key is never shown, echoed or logged.

#include <cppconn/prepared_statement.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "http/api.h"
#include "http/http_fixture.h"
#include "http/organisation.h"

using namespace resellermgr::testing;

namespace {

namespace fs = std::filesystem;

std::string Read(const fs::path& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

// Certificates made with the openssl command in a scratch directory.
struct Pki {
  fs::path dir = fs::temp_directory_path() / Unique("rm-pki");
  Pki() { fs::create_directories(dir); }
  ~Pki() { fs::remove_all(dir); }

  // A key (EC P-256) in NAME.key.
  std::string Key(const std::string& name) {
    RunOrFail("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " +
              (dir / (name + ".key")).string() + " 2>/dev/null");
    return Read(dir / (name + ".key"));
  }
  // NAME.pem for `cn` with `san`, signed by ISSUER (its .pem and .key paths), valid `days`.
  std::string Sign(const std::string& name, const std::string& cn, const std::string& san,
                   const std::string& issuer_pem, const std::string& issuer_key, int days,
                   bool ca = false) {
    const std::string key = (dir / (name + ".key")).string(),
                      csr = (dir / (name + ".csr")).string(),
                      ext = (dir / (name + ".ext")).string();
    std::ofstream(ext) << (ca ? "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\n"
                              : "subjectAltName=" + san + "\n");
    RunOrFail("openssl req -new -key " + key + " -subj '/CN=" + cn + "' -out " + csr +
              " 2>/dev/null");
    RunOrFail("openssl x509 -req -in " + csr + " -CA " + issuer_pem + " -CAkey " + issuer_key +
              " -CAcreateserial -days " + std::to_string(days) + " -extfile " + ext + " -out " +
              (dir / (name + ".pem")).string() + " 2>/dev/null");
    return Read(dir / (name + ".pem"));
  }
  std::string Path(const std::string& file) const { return (dir / file).string(); }
};

struct BrandedDomain {
  std::string r = Unique("tl"), domain = Unique("tls") + ".brand.test";
  As reseller = As::Login(r, kPassword);
  BrandedDomain() {
    MakeReseller(r);
    BOOST_REQUIRE(IsOk(As::Admin().Call("brand.edit", "sok=ok&elid=" + r + "&allowed=on")));
    BOOST_REQUIRE(
        IsOk(reseller.Call("brand.edit", "sok=ok&brand_name=" + r + "&domain=" + domain)));
  }
  pugi::xml_document Upload(const std::string& chain, const std::string& key) const {
    return HttpPost(TestEnv("BASE_URL") + "/ispmgr",
                    reseller.credentials +
                        "&func=brand.certificate&sok=ok&tls_mode=upload&out=xml" +
                        "&certificate=" + UrlEncode(chain) + "&private_key=" + UrlEncode(key))
        .Xml();
  }
  std::string Field(const char* name) const {
    const auto form = reseller.Call("brand.certificate");
    return form.child("doc").child_value(name);
  }
};

// GET whoami over TLS on the stack's TLS port for `domain`, verified against `ca`; "" when the
// handshake fails (an unknown name is refused).
HttpResponse OverTls(const std::string& domain, const std::string& ca, const std::string& query) {
  HttpOptions options;
  options.resolve = {domain + ":" + TestEnv("TLS_PORT") + ":127.0.0.1"};
  options.ca_file = ca;
  return HttpGet("https://" + domain + ":" + TestEnv("TLS_PORT") + "/ispmgr?" + query, options);
}

// Waits up to `seconds` for `domain` to be served over TLS with a certificate whose issuer has
// `issuer`; returns the last response (empty on a failed handshake).
HttpResponse WaitServed(const std::string& domain, const std::string& ca, const std::string& issuer,
                        int seconds) {
  HttpResponse last;
  for (int i = 0; i < seconds * 4; ++i) {
    try {
      last = OverTls(domain, ca, "func=whoami&out=xml");
      if (last.peer_issuer.find(issuer) != std::string::npos) return last;
    } catch (const std::runtime_error&) {
      last = {};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return last;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(brand_tls)

BOOST_AUTO_TEST_CASE(an_uploaded_certificate_is_checked_then_served_for_the_brand_domain) {
  BrandedDomain b;
  Pki pki;
  const std::string ca = TestEnv("TEST_CA_CERT"), ca_key = TestEnv("TEST_CA_KEY");
  // An intermediate CA between the test CA and the domain's certificate.
  pki.Key("inter");
  const std::string inter = pki.Sign("inter", "Test Intermediate", "", ca, ca_key, 30, true);
  const std::string key = pki.Key("leaf");
  const std::string leaf = pki.Sign("leaf", b.domain, "DNS:" + b.domain, pki.Path("inter.pem"),
                                    pki.Path("inter.key"), 20);
  const std::string other_key = pki.Key("other");
  const std::string wrong_name =
      pki.Sign("other", "else.brand.test", "DNS:else.brand.test", ca, ca_key, 20);

  // Refused, each with what is wrong, and nothing kept: the chain misses its intermediate, the
  // key is another's, the name is another's, no certificate at all.
  auto refused = b.Upload(leaf, key);
  BOOST_TEST(ErrorObjectOf(refused) == "certificate");
  BOOST_TEST(Detail(refused).find("intermediate") != std::string::npos, Detail(refused));
  BOOST_TEST(ErrorObjectOf(b.Upload(leaf + inter, other_key)) == "private_key");
  refused = b.Upload(wrong_name, other_key);
  BOOST_TEST(Detail(refused) == "the certificate does not cover " + b.domain);
  BOOST_TEST(ErrorObjectOf(b.Upload("not a certificate", key)) == "certificate");
  BOOST_TEST(ErrorObjectOf(b.Upload(leaf + inter, "not a key")) == "private_key");
  BOOST_TEST(b.Field("state") == "none");

  // The whole chain and its key: kept, with its end shown, and served for the domain.
  BOOST_REQUIRE(IsOk(b.Upload(leaf + inter, key)));
  BOOST_TEST(b.Field("state") == "expiring");  // 20 days: within the 30 days of warning
  const std::string days = b.Field("days_left");  // 20 days from now, less the seconds gone
  BOOST_TEST((days == "19" || days == "20"), days);
  BOOST_TEST(b.Field("issuer") == "Test Intermediate");
  // The reseller's home page says so.
  const auto home = b.reseller.Call("dashboard");
  BOOST_TEST(home.child("doc").find_child_by_attribute("advice", "key", "certificate_expiring"));
  const HttpResponse served = WaitServed(b.domain, ca, "Test Intermediate", 20);
  BOOST_TEST(served.peer_subject.find(b.domain) != std::string::npos, served.peer_subject);
  // It is the panel: a login works there.
  BOOST_TEST(OverTls(b.domain, ca, b.reseller.credentials + "&func=whoami&out=xml")
                 .Xml()
                 .child("doc")
                 .child("error")
                 .empty());
  // Another name on the same port is refused at the handshake (no certificate of another).
  BOOST_CHECK_THROW(OverTls("unknown.brand.test", ca, "func=whoami"), std::runtime_error);

  // The key is never shown, echoed or written to the audit log.
  const std::string shown = HttpGet(Url(b.reseller.credentials + "&func=brand.certificate")).body;
  BOOST_TEST(shown.find("PRIVATE KEY") == std::string::npos);
  BOOST_TEST(
      b.Upload(leaf + inter, key).child("doc").child("tparams").child("private_key").empty());
  BOOST_TEST(Count("SELECT COUNT(*) FROM audit_log WHERE params LIKE CONCAT('%', ?, '%')",
                   "PRIVATE KEY") == 0);

  // Another reseller cannot touch it; the domain changed, the old certificate is no longer served.
  const std::string other = Unique("tlo");
  MakeReseller(other);
  BOOST_TEST(ErrorType(As::Login(other, kPassword)
                           .Call("brand.certificate", "sok=ok&elid=" + b.r + "&tls_mode=none")) ==
             "missed");
  BOOST_REQUIRE(IsOk(b.reseller.Call("brand.edit", "sok=ok&domain=new-" + b.domain)));
  BOOST_TEST(b.Field("state") == "other_domain");
  bool gone = false;
  for (int i = 0; i < 80 && !gone; ++i) {
    try {
      OverTls(b.domain, ca, "func=whoami");
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    } catch (const std::runtime_error&) {
      gone = true;
    }
  }
  BOOST_TEST(gone);
}

BOOST_AUTO_TEST_CASE(acme_issues_a_certificate_by_itself_and_renews_it_before_it_ends) {
  BrandedDomain b;
  BOOST_REQUIRE(IsOk(b.reseller.Call("brand.certificate", "sok=ok&tls_mode=acme")));
  // pebble validates HTTP-01 against the panel's nginx; the certificate is then served.
  const HttpResponse served = WaitServed(b.domain, TestEnv("ACME_ROOT"), "Pebble", 90);
  BOOST_TEST(served.peer_issuer.find("Pebble") != std::string::npos, served.peer_issuer);
  BOOST_TEST(b.Field("source") == "acme");
  BOOST_TEST(b.Field("state") == "valid");
  const std::string first = b.Field("fingerprint");
  BOOST_TEST(first.size() == 64u);
  // Near its end (as if 80 days had gone by), the hosts renew it by themselves.
  {
    auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
    std::unique_ptr<sql::PreparedStatement> near(db->prepareStatement(
        "UPDATE brand_certificate SET not_after = UTC_TIMESTAMP() + INTERVAL 5 DAY "
        "WHERE domain = ?"));
    near->setString(1, b.domain);
    BOOST_REQUIRE_EQUAL(near->executeUpdate(), 1);
  }
  std::string renewed;
  for (int i = 0; i < 360 && (renewed.empty() || renewed == first); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    renewed = b.Field("fingerprint");
  }
  BOOST_TEST(renewed != first);
  BOOST_TEST(b.Field("state") == "valid");
  // Both issues are in the audit log, as the ACME job's.
  BOOST_TEST(Count("SELECT COUNT(*) FROM audit_log WHERE target = ? AND outcome = 'issued'",
                   "brand certificate " + b.domain) == 2);
}

BOOST_AUTO_TEST_SUITE_END()

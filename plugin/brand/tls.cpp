#include "brand/tls.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "base/config.h"
#include "base/log.h"
#include "brand/certificate_check.h"
#include "brand/tls_store.h"
#include "changes/changes.h"
#include "core/deps.h"
#include "db/transaction.h"
#include "util/process.h"

namespace resellermgr::brand {
namespace {

namespace fs = std::filesystem;

constexpr int kAcmeLeaseSeconds = 600;
constexpr int kCertbotSeconds = 300;

// Writes `text` to `path` through a temporary file and a rename, with `mode`.
void WriteFile(const fs::path& path, const std::string& text, mode_t mode) {
  const fs::path temporary = path.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
  }
  chmod(temporary.c_str(), mode);
  fs::rename(temporary, path);
}

std::string ServerBlocks(const base::Config& config, const std::vector<Served>& served) {
  if (served.empty() || config.tls_listen.empty()) return "";
  const fs::path dir(config.tls_dir);
  std::string conf =
      "# Written by resellermgr (brand/tls.cpp) from the database: do not edit.\n"
      "server {\n  listen " +
      config.tls_listen +
      " ssl default_server;\n"
      "  ssl_reject_handshake on;\n}\n";
  for (const Served& s : served) {
    conf += "server {\n  listen " + config.tls_listen + " ssl;\n  server_name " + s.domain +
            ";\n  ssl_certificate " + (dir / "certs" / (s.domain + ".pem")).string() +
            ";\n  ssl_certificate_key " + (dir / "keys" / (s.domain + ".key")).string() +
            ";\n  ssl_protocols TLSv1.2 TLSv1.3;\n"
            "  add_header Strict-Transport-Security \"max-age=31536000\" always;\n";
    if (!config.tls_panel_include.empty()) conf += "  include " + config.tls_panel_include + ";\n";
    conf += "}\n";
  }
  return conf;
}

// What certbot says went wrong: its line with the ACME server's detail or the error, else its
// last line that says anything.
std::string CertbotProblem(const std::string& output) {
  std::string found, last;
  std::size_t start = 0;
  while (start < output.size()) {
    std::size_t end = output.find('\n', start);
    if (end == std::string::npos) end = output.size();
    const std::string line = output.substr(start, end - start);
    start = end + 1;
    if (line.find_first_not_of(" -") == std::string::npos) continue;
    if (line.find("Ask for help") == std::string::npos) last = line;
    if (found.empty() && (line.find("Detail:") != std::string::npos ||
                          line.find("Error") != std::string::npos ||
                          line.find("error:") != std::string::npos))
      found = line;
  }
  const std::string& said = found.empty() ? last : found;
  return said.substr(said.find_first_not_of(' '), 200);
}

void Reload(const base::Config& config) {
  if (config.tls_reload_command.empty()) {
    WriteFile(fs::path(config.tls_dir) / "reload-requested", "", 0644);
    return;
  }
  const util::ProcessResult result =
      util::RunProcess({"/bin/sh", "-c", config.tls_reload_command}, {}, 30);
  if (result.exit_code != 0)
    LOG_WARNING("tls: reloading nginx failed (" << result.exit_code << "): " << result.output);
}

}  // namespace

bool SyncTls(const Deps& deps) {
  const base::Config& config = deps.config;
  if (config.tls_dir.empty()) return false;
  const std::vector<Served> served = deps.Get<TlsStore>().ServedCertificates();
  std::string manifest = config.tls_listen + "\n";
  for (const Served& s : served) manifest += s.domain + " " + s.fingerprint + "\n";
  // What this process wrote last (at start: what is on disk, so a restart reloads nothing).
  static std::string written;
  const fs::path dir(config.tls_dir);
  if (written.empty()) {
    std::ifstream in(dir / "nginx" / "manifest");
    written.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    // A first start with nothing to serve: the files are written, nginx (which may not run
    // yet) has nothing to reload for.
    if (written.empty() && served.empty()) written = manifest;
  }
  if (manifest == written) return false;
  for (const char* sub : {"certs", "keys", "nginx", "acme"}) fs::create_directories(dir / sub);
  for (const Served& s : served) {
    WriteFile(dir / "certs" / (s.domain + ".pem"), s.chain_pem, 0644);
    WriteFile(dir / "keys" / (s.domain + ".key"), s.key_pem, 0600);
  }
  // Files of domains no longer served go.
  for (const char* sub : {"certs", "keys"}) {
    for (const auto& entry : fs::directory_iterator(dir / sub)) {
      const std::string domain = entry.path().stem().string();
      bool kept = false;
      for (const Served& s : served) kept = kept || s.domain == domain;
      if (!kept) fs::remove(entry.path());
    }
  }
  WriteFile(dir / "nginx" / "brands.conf", ServerBlocks(config, served), 0644);
  WriteFile(dir / "nginx" / "manifest", manifest, 0644);
  written = manifest;
  Reload(config);
  LOG_INFO("tls: " << served.size() << " brand domain(s) served");
  return false;
}

bool RenewAcme(const Deps& deps) {
  const base::Config& config = deps.config;
  if (config.acme_directory.empty()) return false;
  TlsStore& store = deps.Get<TlsStore>();
  const std::optional<AcmeDue> due = store.TakeAcmeDue(config.acme_renew_days, kAcmeLeaseSeconds);
  if (!due) return false;
  const fs::path dir(config.tls_dir);
  fs::create_directories(dir / "acme");
  std::vector<std::string> argv = {config.certbot,
                                   "certonly",
                                   "--non-interactive",
                                   "--agree-tos",
                                   "--force-renewal",
                                   "--webroot",
                                   "-w",
                                   (dir / "acme").string(),
                                   "-d",
                                   due->domain,
                                   "--cert-name",
                                   due->domain,
                                   "--server",
                                   config.acme_directory,
                                   "--config-dir",
                                   (dir / "certbot").string(),
                                   "--work-dir",
                                   (dir / "certbot" / "work").string(),
                                   "--logs-dir",
                                   (dir / "certbot" / "logs").string()};
  if (config.acme_email.empty()) {
    argv.push_back("--register-unsafely-without-email");
  } else {
    argv.push_back("--email");
    argv.push_back(config.acme_email);
  }
  std::vector<std::string> environment;
  if (!config.acme_ca_bundle.empty())
    environment.push_back("REQUESTS_CA_BUNDLE=" + config.acme_ca_bundle);
  const util::ProcessResult run = util::RunProcess(argv, environment, kCertbotSeconds);
  std::string problem;
  std::optional<CheckedCertificate> certificate;
  if (run.exit_code != 0) {
    problem = "certbot failed: " + CertbotProblem(run.output);
  } else {
    const fs::path live = dir / "certbot" / "live" / due->domain;
    std::ifstream chain(live / "fullchain.pem"), key(live / "privkey.pem");
    const std::string chain_pem((std::istreambuf_iterator<char>(chain)), {});
    const std::string key_pem((std::istreambuf_iterator<char>(key)), {});
    CertificateVerdict verdict = CheckCertificate(chain_pem, key_pem, due->domain,
                                                  config.tls_trusted_ca, std::time(nullptr));
    if (verdict.ok)
      certificate = std::move(verdict.ok);
    else
      problem = "the certificate ACME gave was refused: " + verdict.problem;
  }
  if (!certificate) {
    LOG_WARNING("tls: ACME for " << due->domain << ": " << problem);
    store.AcmeFailed(due->account_id, problem);
    return false;
  }
  db::Transaction tx(deps.db);
  store.Keep(due->account_id, due->domain, "acme", *certificate);
  store.AcmeDone(due->account_id);
  deps.changes.RecordJob("acme", due->account_id, due->account,
                         {"brand certificate " + due->domain,
                          "issued",
                          "",
                          "brand.certificate_issued",
                          {{"issuer", "", certificate->issuer}}});
  tx.Commit();
  LOG_INFO("tls: ACME certificate for " << due->domain << " from " << certificate->issuer);
  return true;
}

}  // namespace resellermgr::brand

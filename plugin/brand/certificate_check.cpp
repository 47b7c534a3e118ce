#include "brand/certificate_check.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <memory>
#include <vector>

namespace resellermgr::brand {
namespace {

template <class T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using Cert = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Store = std::unique_ptr<X509_STORE, Deleter<X509_STORE, X509_STORE_free>>;
using StoreCtx = std::unique_ptr<X509_STORE_CTX, Deleter<X509_STORE_CTX, X509_STORE_CTX_free>>;
void FreeStack(STACK_OF(X509) * stack) { sk_X509_free(stack); }  // the certificates stay
using CertStack = std::unique_ptr<STACK_OF(X509), Deleter<STACK_OF(X509), FreeStack>>;
void FreeChain(STACK_OF(X509) * chain) { sk_X509_pop_free(chain, X509_free); }
using OwnedChain = std::unique_ptr<STACK_OF(X509), Deleter<STACK_OF(X509), FreeChain>>;

Bio Reader(std::string_view text) {
  return Bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

std::string Written(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(size));
}

std::string Pem(X509* cert) {
  Bio out(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(out.get(), cert);
  return Written(out.get());
}

std::string IssuerOf(X509* cert) {
  X509_NAME* name = X509_get_issuer_name(cert);
  char common[256] = {};
  if (X509_NAME_get_text_by_NID(name, NID_commonName, common, sizeof common) > 0) return common;
  char line[256] = {};
  X509_NAME_oneline(name, line, sizeof line);
  return line;
}

std::string Fingerprint(X509* cert) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  X509_digest(cert, EVP_sha256(), digest, &size);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

std::time_t TimeOf(const ASN1_TIME* time) {
  std::tm tm{};
  if (ASN1_TIME_to_tm(time, &tm) != 1) return 0;
  return timegm(&tm);
}

CertificateVerdict Refuse(const char* field, std::string problem) {
  ERR_clear_error();
  return {std::nullopt, field, std::move(problem)};
}

}  // namespace

CertificateVerdict CheckCertificate(std::string_view chain_pem, std::string_view key_pem,
                                    const std::string& domain, const std::string& extra_ca_file,
                                    std::time_t now) {
  std::vector<Cert> certs;
  {
    Bio in = Reader(chain_pem);
    while (X509* cert = PEM_read_bio_X509(in.get(), nullptr, nullptr, nullptr))
      certs.emplace_back(cert);
    ERR_clear_error();  // the end of the PEM reads as an error
  }
  if (certs.empty())
    return Refuse("certificate", "no PEM certificate (-----BEGIN CERTIFICATE-----)");
  X509* leaf = certs.front().get();
  Key key;
  {
    Bio in = Reader(key_pem);
    // No passphrase callback: an encrypted key cannot be read, and is refused.
    key.reset(PEM_read_bio_PrivateKey(
        in.get(), nullptr, [](char*, int, int, void*) { return 0; }, nullptr));
  }
  if (!key) return Refuse("private_key", "no unencrypted PEM private key");
  if (X509_check_private_key(leaf, key.get()) != 1)
    return Refuse("private_key", "the key is not the certificate's");
  if (X509_check_host(leaf, domain.data(), domain.size(), 0, nullptr) != 1)
    return Refuse("certificate", "the certificate does not cover " + domain);
  if (X509_cmp_time(X509_get0_notBefore(leaf), &now) > 0)
    return Refuse("certificate", "the certificate is not valid yet");
  if (X509_cmp_time(X509_get0_notAfter(leaf), &now) < 0)
    return Refuse("certificate", "the certificate has expired");

  Store store(X509_STORE_new());
  X509_STORE_set_default_paths(store.get());
  if (!extra_ca_file.empty()) X509_STORE_load_file(store.get(), extra_ca_file.c_str());
  CertStack untrusted(sk_X509_new_null());
  for (std::size_t i = 1; i < certs.size(); ++i) sk_X509_push(untrusted.get(), certs[i].get());
  StoreCtx ctx(X509_STORE_CTX_new());
  X509_STORE_CTX_init(ctx.get(), store.get(), leaf, untrusted.get());
  X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_SERVER);
  X509_STORE_CTX_set_time(ctx.get(), 0, now);
  if (X509_verify_cert(ctx.get()) != 1) {
    return Refuse("certificate",
                  std::string("the chain does not lead to a trusted root (") +
                      X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get())) +
                      "): add the intermediate certificates after the domain's");
  }

  CheckedCertificate ok;
  // The leaf and the intermediates the verified chain went through (not the root).
  OwnedChain chain(X509_STORE_CTX_get1_chain(ctx.get()));
  const int length = sk_X509_num(chain.get());
  for (int i = 0; i < length; ++i) {
    X509* cert = sk_X509_value(chain.get(), i);
    const bool root = i > 0 && i == length - 1 && X509_check_issued(cert, cert) == X509_V_OK;
    if (!root) ok.chain_pem += Pem(cert);
  }
  Bio key_out(BIO_new(BIO_s_mem()));
  PEM_write_bio_PKCS8PrivateKey(key_out.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  ok.key_pem = Written(key_out.get());
  ok.fingerprint = Fingerprint(leaf);
  ok.issuer = IssuerOf(leaf);
  ok.not_after = TimeOf(X509_get0_notAfter(leaf));
  return {std::move(ok), "", ""};
}

}  // namespace resellermgr::brand

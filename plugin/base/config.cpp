#include "base/config.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <stdexcept>

namespace resellermgr::base {
namespace {

std::string Trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return {};
  return s.substr(begin, s.find_last_not_of(" \t\r") - begin + 1);
}

long long ParseNumber(const std::string& key, const std::string& value, int base = 10) {
  long long number = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number, base);
  if (ec != std::errc() || end != value.data() + value.size() || number < 0) {
    throw std::runtime_error("config: " + key + " must be a non-negative number, got '" + value +
                             "'");
  }
  return number;
}

// "db_nodes = 10.0.0.1:3306, [fd00::2]:3306, unix:/run/mysqld/mysqld.sock" as Connector/C++
// addresses; anything else is a start-up error.
std::vector<std::string> ParseNodes(const std::string& value) {
  std::vector<std::string> nodes;
  std::istringstream items(value);
  std::string item;
  while (std::getline(items, item, ',')) {
    item = Trim(item);
    if (item.empty()) continue;
    if (item.starts_with("unix:/")) {
      nodes.push_back("unix://" + item.substr(5));
      continue;
    }
    const auto colon = item.rfind(':');
    const std::string host = colon == std::string::npos ? "" : item.substr(0, colon);
    const std::string port = colon == std::string::npos ? "" : item.substr(colon + 1);
    const bool bracketed = host.starts_with('[') && host.ends_with(']');
    if (host.empty() || (!bracketed && host.find(':') != std::string::npos) ||
        host.find_first_of(" /@") != std::string::npos || ParseNumber("db_nodes", port) < 1 ||
        ParseNumber("db_nodes", port) > 65535)
      throw std::runtime_error("config: db_nodes: '" + item +
                               "' is not HOST:PORT, [IPV6]:PORT or unix:/PATH");
    nodes.push_back("tcp://" + item);
  }
  if (nodes.empty()) throw std::runtime_error("config: db_nodes names no node");
  return nodes;
}

}  // namespace

std::vector<std::string> DbSettings::Endpoints() const {
  if (!nodes.empty()) return nodes;
  if (!socket.empty()) return {"unix://" + socket};
  return {"tcp://" + host + ":" + std::to_string(port)};
}

void Config::Apply(const std::string& text, const std::string& origin) {
  using Setter = std::function<void(const std::string&, const std::string&)>;
  auto text_field = [](std::string& field) -> Setter {
    return [&field](const std::string&, const std::string& v) { field = v; };
  };
  auto int_field = [](int& field) -> Setter {
    return [&field](const std::string& k, const std::string& v) {
      field = static_cast<int>(ParseNumber(k, v));
    };
  };
  auto size_field = [](std::size_t& field) -> Setter {
    return [&field](const std::string& k, const std::string& v) {
      field = static_cast<std::size_t>(ParseNumber(k, v));
    };
  };
  const std::map<std::string, Setter> setters = {
      {"listen", text_field(listen)},
      {"socket_mode",
       [this](const std::string& k, const std::string& v) {
         socket_mode = static_cast<int>(ParseNumber(k, v, 8));
       }},
      {"threads", int_field(threads)},
      {"backlog", int_field(backlog)},
      {"io_timeout_seconds", int_field(io_timeout_seconds)},
      {"credential_cache_entries", int_field(credential_cache_entries)},
      {"db_host", text_field(db.host)},
      {"db_port", int_field(db.port)},
      {"db_socket", text_field(db.socket)},
      {"db_name", text_field(db.name)},
      {"db_user", text_field(db.user)},
      {"db_password", text_field(db.password)},
      {"db_statement_cache", int_field(db.statement_cache_size)},
      {"db_nodes", [this](const std::string&, const std::string& v) { db.nodes = ParseNodes(v); }},
      {"db_failback_seconds", int_field(db.failback_seconds)},
      {"db_user_hosts",
       [this](const std::string&, const std::string& v) {
         db.user_hosts.clear();
         std::istringstream items(v);
         std::string item;
         while (std::getline(items, item, ','))
           if (!Trim(item).empty()) db.user_hosts.push_back(Trim(item));
         if (db.user_hosts.empty()) throw std::runtime_error("config: db_user_hosts names none");
       }},
      {"db_sync_wait", int_field(db.sync_wait)},
      {"db_admin_user", text_field(db_admin_user)},
      {"db_admin_password", text_field(db_admin_password)},
      {"xml_dir", text_field(xml_dir)},
      {"templates_dir", text_field(templates_dir)},
      {"sql_dir", text_field(sql_dir)},
      {"session_idle_seconds", int_field(session_idle_seconds)},
      {"session_lifetime_seconds", int_field(session_lifetime_seconds)},
      {"key_ttl_seconds", int_field(key_ttl_seconds)},
      {"throttle_window_seconds", int_field(throttle_window_seconds)},
      {"throttle_login_max", int_field(throttle_login_max)},
      {"throttle_ip_max", int_field(throttle_ip_max)},
      {"max_body_bytes", size_field(max_body_bytes)},
      {"max_field_bytes", size_field(max_field_bytes)},
      {"log_level", text_field(log_level)},
      {"webhook_url", text_field(webhook_url)},
      {"webhook_secret", text_field(webhook_secret)},
      {"outbox_poll_seconds", int_field(outbox_poll_seconds)},
      {"outbox_retry_seconds", int_field(outbox_retry_seconds)},
      {"outbox_max_attempts", int_field(outbox_max_attempts)},
      {"event_keep_days", int_field(event_keep_days)},
      {"access_grant_max_hours", int_field(access_grant_max_hours)},
      {"usage_alert_days", int_field(usage_alert_days)},
      {"currency", text_field(currency)},
      {"password_strength", text_field(password_strength)},
      {"smtp_url", text_field(smtp_url)},
      {"smtp_from", text_field(smtp_from)},
      {"panel_url", text_field(panel_url)},
      {"reserved_domains", text_field(reserved_domains)},
      {"tls_dir", text_field(tls_dir)},
      {"tls_listen", text_field(tls_listen)},
      {"acme_http_listen", text_field(acme_http_listen)},
      {"tls_panel_include", text_field(tls_panel_include)},
      {"tls_reload_command", text_field(tls_reload_command)},
      {"tls_trusted_ca", text_field(tls_trusted_ca)},
      {"acme_directory", text_field(acme_directory)},
      {"acme_email", text_field(acme_email)},
      {"acme_ca_bundle", text_field(acme_ca_bundle)},
      {"certbot", text_field(certbot)},
      {"acme_renew_days", int_field(acme_renew_days)},
      {"license_stale_days", int_field(license_stale_days)},
      {"license_checkin_per_minute", int_field(license_checkin_per_minute)},
      {"backup_datacenters", text_field(backup_datacenters)},
      {"backup_url", text_field(backup_url)},
  };
  std::istringstream lines(text);
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    line = Trim(line);
    if (line.empty() || line[0] == '#') continue;
    const auto eq = line.find('=');
    if (eq == std::string::npos) {
      throw std::runtime_error(origin + ":" + std::to_string(number) + ": expected key = value");
    }
    const std::string key = Trim(line.substr(0, eq));
    auto setter = setters.find(key);
    if (setter == setters.end()) {
      throw std::runtime_error(origin + ":" + std::to_string(number) + ": unknown key '" + key +
                               "'");
    }
    setter->second(key, Trim(line.substr(eq + 1)));
  }
  if (threads < 1 || threads > 256) throw std::runtime_error("config: threads must be 1..256");
  if (usage_alert_days < 1 || usage_alert_days > 365)
    throw std::runtime_error("config: usage_alert_days must be 1..365");
  if (access_grant_max_hours < 1 || access_grant_max_hours > 8760)
    throw std::runtime_error("config: access_grant_max_hours must be 1..8760");
  if (event_keep_days < 1 || event_keep_days > 3650)
    throw std::runtime_error("config: event_keep_days must be 1..3650");
  if (!backup_url.empty() && !backup_url.starts_with("https://") &&
      !backup_url.starts_with("http://"))
    throw std::runtime_error("config: backup_url must be an http or https address");
  if (license_stale_days < 1 || license_stale_days > 365)
    throw std::runtime_error("config: license_stale_days must be 1..365");
  if (license_checkin_per_minute < 1 || license_checkin_per_minute > 100000000)
    throw std::runtime_error("config: license_checkin_per_minute must be 1..100000000");
  if (db.sync_wait > 15) throw std::runtime_error("config: db_sync_wait must be 0..15");
  if (db.statement_cache_size < 8 || db.statement_cache_size > 10000)
    throw std::runtime_error("config: db_statement_cache must be 8..10000");
  if (credential_cache_entries < 0 || credential_cache_entries > 1000000)
    throw std::runtime_error("config: credential_cache_entries must be 0..1000000");
  if (password_strength != "dictionary" && password_strength != "length")
    throw std::runtime_error("config: password_strength must be dictionary or length");
  if (currency.size() != 3 ||
      !std::all_of(currency.begin(), currency.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
    throw std::runtime_error("config: currency must be three capital letters, such as EUR");
  if (io_timeout_seconds < 1 || io_timeout_seconds > 3600)
    throw std::runtime_error("config: io_timeout_seconds must be 1..3600");
}

Config Config::Load(const std::vector<std::string>& paths) {
  Config config;
  for (const std::string& path : paths) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read config " + path);
    std::ostringstream text;
    text << in.rdbuf();
    config.Apply(text.str(), path);
  }
  return config;
}

}  // namespace resellermgr::base

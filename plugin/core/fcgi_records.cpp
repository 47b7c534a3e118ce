#include "core/fcgi_records.h"

#include <fastcgi.h>

#include <algorithm>
#include <cstring>

namespace resellermgr::core::fcgi {
namespace {

constexpr std::size_t kMaxContent = 65535;
constexpr std::string_view kGetValuesAnswers[][2] = {
    {FCGI_MAX_CONNS, "1024"}, {FCGI_MAX_REQS, "1024"}, {FCGI_MPXS_CONNS, "0"}};

void AppendHeader(std::string& out, std::uint8_t type, std::uint16_t id, std::size_t length) {
  const char header[FCGI_HEADER_LEN] = {FCGI_VERSION_1,
                                        static_cast<char>(type),
                                        static_cast<char>(id >> 8),
                                        static_cast<char>(id & 0xff),
                                        static_cast<char>(length >> 8),
                                        static_cast<char>(length & 0xff),
                                        0,
                                        0};
  out.append(header, sizeof header);
}

void AppendRecord(std::string& out, std::uint8_t type, std::uint16_t id, std::string_view content) {
  AppendHeader(out, type, id, content.size());
  out += content;
}

void AppendEndRequest(std::string& out, std::uint16_t id, std::uint8_t protocol_status) {
  const char body[8] = {0, 0, 0, 0, static_cast<char>(protocol_status), 0, 0, 0};
  AppendRecord(out, FCGI_END_REQUEST, id, std::string_view(body, sizeof body));
}

void AppendLength(std::string& out, std::size_t length) {
  if (length < 0x80) {
    out += static_cast<char>(length);
    return;
  }
  out += static_cast<char>(0x80 | (length >> 24));
  out += static_cast<char>((length >> 16) & 0xff);
  out += static_cast<char>((length >> 8) & 0xff);
  out += static_cast<char>(length & 0xff);
}

// A pair's length at `at` (one byte, or four with the top bit set); false past the end.
bool ReadLength(std::string_view block, std::size_t& at, std::size_t& length) {
  if (at >= block.size()) return false;
  const auto byte = [&block](std::size_t i) { return static_cast<unsigned char>(block[i]); };
  if ((byte(at) & 0x80) == 0) {
    length = byte(at++);
    return true;
  }
  if (block.size() - at < 4) return false;
  length = (static_cast<std::size_t>(byte(at) & 0x7f) << 24) |
           (static_cast<std::size_t>(byte(at + 1)) << 16) |
           (static_cast<std::size_t>(byte(at + 2)) << 8) | byte(at + 3);
  at += 4;
  return true;
}

}  // namespace

std::string_view Request::Param(std::string_view name) const {
  for (const auto& [key, value] : params)
    if (key == name) return value;
  return {};
}

bool ParsePairs(std::string_view block,
                std::vector<std::pair<std::string_view, std::string_view>>& pairs) {
  std::size_t at = 0;
  while (at < block.size()) {
    std::size_t name = 0, value = 0;
    if (!ReadLength(block, at, name) || !ReadLength(block, at, value)) return false;
    // Compared one at a time: the two lengths are never added, so nothing overflows.
    if (name > block.size() - at || value > block.size() - at - name) return false;
    pairs.emplace_back(block.substr(at, name), block.substr(at + name, value));
    at += name + value;
  }
  return true;
}

char* RecordReader::Space(std::size_t size) {
  if (begin_ > 0) {  // what is used goes; the rest moves to the front
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (buffer_.size() < end_ + size) buffer_.resize(end_ + size);
  return buffer_.data() + end_;
}

void RecordReader::Forget() {
  state_ = State::kIdle;
  request_.params.clear();
  request_.params_block_.clear();
  request_.body.clear();
  request_.body_too_large = false;
}

RecordReader::Step RecordReader::Next() {
  if (state_ == State::kAnswering) Forget();  // the last request is answered: on to the next
  while (end_ - begin_ >= FCGI_HEADER_LEN) {
    const auto* header = reinterpret_cast<const unsigned char*>(buffer_.data() + begin_);
    const std::size_t length = (static_cast<std::size_t>(header[4]) << 8) | header[5];
    const std::size_t whole = FCGI_HEADER_LEN + length + header[6];
    if (header[0] != FCGI_VERSION_1) return Step::kBroken;
    if (end_ - begin_ < whole) return Step::kMore;
    const std::string_view content(buffer_.data() + begin_ + FCGI_HEADER_LEN, length);
    const auto id = static_cast<std::uint16_t>((header[2] << 8) | header[3]);
    const std::uint8_t type = header[1];
    begin_ += whole;
    const Step step = Record(type, id, content);
    if (step != Step::kMore) return step;
  }
  return Step::kMore;
}

RecordReader::Step RecordReader::Record(std::uint8_t type, std::uint16_t id,
                                        std::string_view content) {
  if (id == FCGI_NULL_REQUEST_ID) return Management(type, content);
  if (type == FCGI_BEGIN_REQUEST) {
    if (content.size() != sizeof(FCGI_BeginRequestBody)) return Step::kBroken;
    const auto role = static_cast<unsigned>((static_cast<unsigned char>(content[0]) << 8) |
                                            static_cast<unsigned char>(content[1]));
    if (state_ != State::kIdle) {
      AppendEndRequest(replies_, id, FCGI_CANT_MPX_CONN);
    } else if (role != FCGI_RESPONDER) {
      AppendEndRequest(replies_, id, FCGI_UNKNOWN_ROLE);
    } else {
      request_.id = id;
      request_.keep_connection = (content[2] & FCGI_KEEP_CONN) != 0;
      state_ = State::kParams;
    }
    return Step::kMore;
  }
  if (state_ == State::kIdle || id != request_.id) return Step::kMore;  // not ours: ignored
  switch (type) {
    case FCGI_ABORT_REQUEST:
      AppendEndRequest(replies_, id, FCGI_REQUEST_COMPLETE);
      Forget();
      return Step::kMore;
    case FCGI_PARAMS:
      if (state_ != State::kParams) return Step::kBroken;
      if (!content.empty()) {
        if (content.size() > limits_.max_params_bytes - request_.params_block_.size())
          return Step::kBroken;
        request_.params_block_ += content;
        return Step::kMore;
      }
      if (!ParsePairs(request_.params_block_, request_.params)) return Step::kBroken;
      state_ = State::kStdin;
      return Step::kMore;
    case FCGI_STDIN:
      if (state_ != State::kStdin) return Step::kBroken;
      if (content.empty()) {
        state_ = State::kAnswering;
        return Step::kRequest;
      }
      if (request_.body_too_large ||
          content.size() > limits_.max_body_bytes - request_.body.size()) {
        request_.body_too_large = true;
      } else {
        request_.body += content;
      }
      return Step::kMore;
    case FCGI_DATA:  // the filter role's; a responder gets none
    default:
      return Step::kBroken;
  }
}

RecordReader::Step RecordReader::Management(std::uint8_t type, std::string_view content) {
  if (type != FCGI_GET_VALUES) {
    char body[8] = {static_cast<char>(type), 0, 0, 0, 0, 0, 0, 0};
    AppendRecord(replies_, FCGI_UNKNOWN_TYPE, FCGI_NULL_REQUEST_ID,
                 std::string_view(body, sizeof body));
    return Step::kMore;
  }
  std::vector<std::pair<std::string_view, std::string_view>> asked;
  if (!ParsePairs(content, asked)) return Step::kBroken;
  std::string answers;
  for (const auto& [name, ignored] : asked) {
    for (const auto& [known, value] : kGetValuesAnswers) {
      if (name != known) continue;
      AppendLength(answers, known.size());
      AppendLength(answers, value.size());
      answers.append(known).append(value);
    }
  }
  if (answers.size() > kMaxContent) return Step::kBroken;  // a name asked for thousands of times
  AppendRecord(replies_, FCGI_GET_VALUES_RESULT, FCGI_NULL_REQUEST_ID, answers);
  return Step::kMore;
}

void AppendResponse(std::string& out, std::uint16_t id, std::string_view head,
                    std::string_view body) {
  std::size_t left = head.size() + body.size();
  while (left > 0) {
    const std::size_t length = std::min(left, kMaxContent);
    AppendHeader(out, FCGI_STDOUT, id, length);
    const std::size_t from_head = std::min(head.size(), length);
    out.append(head.substr(0, from_head));
    head.remove_prefix(from_head);
    out.append(body.substr(0, length - from_head));
    body.remove_prefix(length - from_head);
    left -= length;
  }
  AppendHeader(out, FCGI_STDOUT, id, 0);
  AppendEndRequest(out, id, FCGI_REQUEST_COMPLETE);
}

}  // namespace resellermgr::core::fcgi

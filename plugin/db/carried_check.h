#pragma once
// A question one layer needs answered in a request, carried as one column of another layer's
// read instead of a round trip of its own (issue 26: a session's list page is one round trip).
//
// Identity asks it: "does this session still read exactly as this worker last saw it?" It
// identifies the caller from what it saw and puts the question on the connection (Ask). A
// statement that can carry it (a list's page) adds Column() to its select list, binds its
// values (Bind) and hands back the value it read (Answer). The question is a scalar subquery,
// which the server evaluates once a statement; a LEFT JOIN of the session row, tried, had its
// conditions evaluated again on every row of the page (MariaDB CPU per admin list request 0.211
// ms with the subquery, 0.237-0.243 with the join, bench/run.sh). The dispatcher releases the reply
// only when the answer was yes (held); otherwise nothing the request read goes out, and it runs
// again, identified the long way. Nothing may write while the question is unanswered or answered
// no (MayWrite): a read that acted on an identity the database has not confirmed changed nothing.

#include <cppconn/prepared_statement.h>

#include <functional>

namespace resellermgr::db {

class CarriedCheck {
 public:
  using Binder = std::function<int(sql::PreparedStatement&, int)>;

  // `column`: the question as a select-list column named `carried`, a scalar expression (a
  // parenthesised subquery) that is 1 when the check holds: "(SELECT ...) AS carried", a constant
  // text the asker keeps. `bind` binds its placeholders from the position given and returns the
  // next one.
  void Ask(const char* column, Binder bind) {
    column_ = column;
    bind_ = std::move(bind);
    state_ = State::kAsked;
  }
  // Whether a question waits for a statement to carry it.
  bool open() const { return state_ == State::kAsked; }
  // The column a carrying statement adds to its select list, named `carried`: the question when
  // one is open, else NULL (the statement's text then says so, and is cached apart).
  const char* Column() const { return open() ? column_ : "NULL AS carried"; }
  // Binds the open question's values from `index`; returns the next position.
  int Bind(sql::PreparedStatement& statement, int index) const {
    return open() ? bind_(statement, index) : index;
  }
  // The carried column's value in the statement's first row (any row: it is the same in all).
  void Answer(bool holds) {
    if (open()) state_ = holds ? State::kHeld : State::kFailed;
  }
  // Whether this request asked (its reply then waits for a yes).
  bool asked() const { return state_ != State::kNone; }
  bool held() const { return state_ == State::kHeld; }
  // Writes wait for a yes; a request that asked nothing writes as always.
  bool MayWrite() const { return state_ == State::kNone || state_ == State::kHeld; }
  void Clear() {
    state_ = State::kNone;
    bind_ = nullptr;
  }

 private:
  enum class State { kNone, kAsked, kHeld, kFailed };
  State state_ = State::kNone;
  const char* column_ = nullptr;
  Binder bind_;
};

}  // namespace resellermgr::db

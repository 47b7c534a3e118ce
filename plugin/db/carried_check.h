#pragma once
// A question one layer needs answered in a request, carried as one column of another layer's
// read instead of a round trip of its own (issue 26: a session's list page is one round trip).
//
// Identity asks it: "does this session still read exactly as this worker last saw it?" It
// identifies the caller from what it saw and puts the question on the connection (Ask). A
// statement that can carry it (a list's page) joins what the question reads (Join: a LEFT JOIN of
// one row by its primary key, which the server reads once, as a constant, when it plans the
// statement: cheaper than a subquery, which costs about as much as a statement of its own),
// adds Column() to its select list, binds the join's values (Bind) and hands back the value it
// read (Answer). The dispatcher releases the reply
// only when the answer was yes (held); otherwise nothing the request read goes out, and it runs
// again, identified the long way. Nothing may write while the question is unanswered or answered
// no (MayWrite): a read that acted on an identity the database has not confirmed changed nothing.

#include <cppconn/prepared_statement.h>

#include <functional>

namespace resellermgr::db {

class CarriedCheck {
 public:
  using Binder = std::function<int(sql::PreparedStatement&, int)>;

  // The question in its two forms, each with the same placeholders, which `bind` binds from the
  // position given (returning the next one):
  //   join:   " LEFT JOIN table alias ON alias.primary_key = ? AND ..." (the conditions that make
  //           it hold), with `column`: "alias.primary_key IS NOT NULL AS carried";
  //   scalar: "(SELECT COUNT(*) FROM table alias WHERE ...) AS carried", for a statement that may
  //           have no row to carry the joined one (a count).
  struct Question {
    const char* join;
    const char* column;
    const char* scalar;
  };
  void Ask(const Question& question, Binder bind) {
    question_ = question;
    bind_ = std::move(bind);
    state_ = State::kAsked;
  }
  // Whether a question waits for a statement to carry it.
  bool open() const { return state_ == State::kAsked; }
  // The column a carrying statement adds to its select list, named `carried`: the question when
  // one is open, else NULL (the statement's text then says so, and is cached apart).
  const char* Column() const { return open() ? question_.column : "NULL AS carried"; }
  // The join a carrying statement adds to its FROM clause ("" when no question is open).
  const char* Join() const { return open() ? question_.join : ""; }
  // The column of a statement that carries the question without joining it.
  const char* Scalar() const { return open() ? question_.scalar : "NULL AS carried"; }
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
  Question question_{};
  Binder bind_;
};

}  // namespace resellermgr::db

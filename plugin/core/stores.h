#pragma once
// The stores and services of one worker thread, found by type. Each module adds its own when
// the worker starts (core/module.h); handlers take what they use with deps.Get<T>(), so a new
// family adds a store without touching Deps or the worker. Filled before the worker serves its
// first request, read-only afterwards, and never shared between threads.

#include <atomic>
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <typeinfo>
#include <vector>

namespace resellermgr::core {

class Stores {
 public:
  Stores() = default;
  Stores(const Stores&) = delete;
  Stores& operator=(const Stores&) = delete;

  // Takes ownership of `store` and offers it as T (a store's interface or its own type).
  template <class T, class Impl>
  Impl& Add(std::unique_ptr<Impl> store) {
    Impl& added = *store;
    Put<T>(added);
    owned_.push_back(std::shared_ptr<void>(std::move(store)));
    return added;
  }
  template <class T, class... Args>
  T& Make(Args&&... args) {
    return Add<T>(std::make_unique<T>(std::forward<Args>(args)...));
  }
  // Offers an object the caller owns as T (the floors the worker builds itself).
  template <class T>
  void Put(T& object) {
    const std::size_t slot = Slot<T>();
    if (slots_.size() <= slot) slots_.resize(slot + 1, nullptr);
    if (slots_[slot] != nullptr)
      throw std::logic_error(std::string("a store offered twice: ") + typeid(T).name());
    slots_[slot] = &object;
  }
  // The store offered as T. A store nobody offered is a wiring bug, not a request's fault.
  template <class T>
  T& Get() const {
    const std::size_t slot = Slot<T>();
    if (slot >= slots_.size() || slots_[slot] == nullptr)
      throw std::logic_error(std::string("no store offered as ") + typeid(T).name());
    return *static_cast<T*>(slots_[slot]);
  }
  template <class T>
  bool Has() const {
    const std::size_t slot = Slot<T>();
    return slot < slots_.size() && slots_[slot] != nullptr;
  }

 private:
  // One slot number per type, taken the first time the type is asked for.
  static std::size_t NextSlot() {
    static std::atomic<std::size_t> next{0};
    return next++;
  }
  template <class T>
  static std::size_t Slot() {
    static const std::size_t slot = NextSlot();
    return slot;
  }

  std::vector<void*> slots_;
  // Destroyed in reverse order of construction: a store built on another outlives none of it.
  struct Owned {
    std::vector<std::shared_ptr<void>> items;
    ~Owned() {
      while (!items.empty()) items.pop_back();
    }
    void push_back(std::shared_ptr<void> p) { items.push_back(std::move(p)); }
  } owned_;
};

}  // namespace resellermgr::core

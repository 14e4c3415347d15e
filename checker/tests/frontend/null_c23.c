/* C23 nullptr, true/false. */
struct kv { int guard; };

struct kv *pick23(struct kv *h) {
  bool ok = true;
  if (!ok || h == nullptr) return nullptr;
  return ok == false ? 0 : h;
}

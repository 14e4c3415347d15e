/* A static inline function in a user header: its body is in the model. */
static inline int helper(int *p) { return *p + 1; }

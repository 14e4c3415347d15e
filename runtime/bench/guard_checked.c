/* guard_checked.c - the runtime's guard.c built with acquire design "checked"
 * (HG__ACQUIRE_DESIGN=3) under hgchecked_ names, so that the benchmark can
 * compare the designs in one program.  Benchmark only. */
#define hg_guard_init hgchecked_guard_init
#define hg_try_enter hgchecked_try_enter
#define hg_leave hgchecked_leave
#define hg_begin_free hgchecked_begin_free
#define hg_is_freeing hgchecked_is_freeing
#define hg_assert_may_block hgchecked_assert_may_block
#define hg__might_block hgchecked__might_block
#define hg__debug_build hgchecked__debug_build
#define hg__acquire_design hgchecked__acquire_design
#undef HG__ACQUIRE_DESIGN
#define HG__ACQUIRE_DESIGN 3
#include "../guard.c"

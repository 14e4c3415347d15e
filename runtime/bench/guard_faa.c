/* guard_faa.c - the runtime's guard.c built with acquire design "faa"
 * (HG__ACQUIRE_DESIGN=2) under hgfaa_ names, so that the benchmark can
 * compare the designs in one program.  Benchmark only. */
#define hg_guard_init hgfaa_guard_init
#define hg_try_enter hgfaa_try_enter
#define hg_leave hgfaa_leave
#define hg_begin_free hgfaa_begin_free
#define hg_is_freeing hgfaa_is_freeing
#define hg_assert_may_block hgfaa_assert_may_block
#define hg__might_block hgfaa__might_block
#define hg__debug_build hgfaa__debug_build
#define hg__acquire_design hgfaa__acquire_design
#undef HG__ACQUIRE_DESIGN
#define HG__ACQUIRE_DESIGN 2
#include "../guard.c"

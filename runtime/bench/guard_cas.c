/* guard_cas.c - the runtime's guard.c built with acquire design "cas"
 * (HG__ACQUIRE_DESIGN=1) under hgcas_ names, so that the benchmark can
 * compare the designs in one program.  Benchmark only. */
#define hg_guard_init hgcas_guard_init
#define hg_try_enter hgcas_try_enter
#define hg_leave hgcas_leave
#define hg_begin_free hgcas_begin_free
#define hg_is_freeing hgcas_is_freeing
#define hg_assert_may_block hgcas_assert_may_block
#define hg__might_block hgcas__might_block
#define hg__debug_build hgcas__debug_build
#define hg__acquire_design hgcas__acquire_design
#undef HG__ACQUIRE_DESIGN
#define HG__ACQUIRE_DESIGN 1
#include "../guard.c"

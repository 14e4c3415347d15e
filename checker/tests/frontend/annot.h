#define HG_BLOCKING __attribute__((annotate("hg_blocking")))
#define HG_HANDLE __attribute__((annotate("hg_handle")))

/* A prototype in a header carries the annotation; the definition does not. */
int wait_for(int fd) HG_BLOCKING;
HG_BLOCKING void flush_all(void);

struct HG_HANDLE after_struct_kw;   /* after the struct keyword */
typedef struct on_typedef on_typedef HG_HANDLE;   /* on a typedef, after */
HG_HANDLE typedef struct before_typedef before_typedef;   /* on a typedef, before */

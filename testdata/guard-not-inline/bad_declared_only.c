/* guard-not-inline: handle structs that no function of this file uses (as
 * when they are declared in a public header and used by other files) are
 * still judged. */
#include <handleguard.h>

struct blob_data { unsigned char *bytes; unsigned long len; };

/* The guard held by pointer. */
struct blob {
    hg_guard *guard; // expect-warning: handleguard-guard-not-inline
    struct blob_data *data;
};

/* Marked as a handle, but its guard lives in the inner object it points to. */
struct stream_state { hg_guard guard; int fd; };
typedef struct HG_HANDLE stream {
    struct stream_state *state; // expect-warning: handleguard-guard-not-inline
} stream;

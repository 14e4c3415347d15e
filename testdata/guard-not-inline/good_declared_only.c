/* guard-not-inline: correct handle structs that no function of this file
 * uses stay quiet. */
// expect-no-diagnostics
#include <handleguard.h>

struct blob_data { unsigned char *bytes; unsigned long len; };

struct blob {
    hg_guard guard;
    struct blob_data *data;
};

typedef struct HG_HANDLE {
    hg_guard guard;
    int fd;
    char *path;
} stream;

/* Not a handle: a plain struct that points to a handle. */
struct blob_list { struct blob **items; unsigned long n; };

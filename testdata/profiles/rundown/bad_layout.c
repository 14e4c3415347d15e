/* rundown: the run-down reference must live in the context itself, which
 * is never freed; one held by pointer can be freed under a late acquire. */
#include <stddef.h>

typedef struct { void *Ptr; } EX_RUNDOWN_REF;
typedef unsigned char BOOLEAN;
BOOLEAN ExAcquireRundownProtection(EX_RUNDOWN_REF *ref);
void ExReleaseRundownProtection(EX_RUNDOWN_REF *ref);

typedef struct FILTER_CTX {
    EX_RUNDOWN_REF *Rundown; // expect-warning: handleguard-guard-not-inline
    unsigned long Hits;
} FILTER_CTX;

int FilterHit(FILTER_CTX *f)
{
    if (!ExAcquireRundownProtection(f->Rundown))
        return -1;
    f->Hits++;
    ExReleaseRundownProtection(f->Rundown);
    return 0;
}

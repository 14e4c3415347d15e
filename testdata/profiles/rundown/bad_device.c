/* rundown: a device context guarded by run-down protection.
 * ExAcquireRundownProtection enters (TRUE), ExReleaseRundownProtection
 * leaves, ExWaitForRundownProtectionRelease starts the teardown and waits
 * for every holder.  No Windows headers here: the API is declared below. */
#include <stddef.h>
#include <string.h>

typedef struct { void *Ptr; } EX_RUNDOWN_REF;
typedef unsigned char BOOLEAN;
typedef long NTSTATUS;
#define TRUE 1
#define STATUS_SUCCESS ((NTSTATUS)0)
#define STATUS_DELETE_PENDING ((NTSTATUS)0xC0000056L)
void ExInitializeRundownProtection(EX_RUNDOWN_REF *ref);
BOOLEAN ExAcquireRundownProtection(EX_RUNDOWN_REF *ref);
void ExReleaseRundownProtection(EX_RUNDOWN_REF *ref);
void ExWaitForRundownProtectionRelease(EX_RUNDOWN_REF *ref);
void *ExAllocatePool2(unsigned long long flags, size_t size, unsigned long tag);
void ExFreePool(void *p);
NTSTATUS KeDelayExecutionThread(char mode, BOOLEAN alertable, long long *interval);

typedef struct DEVICE_CTX {
    EX_RUNDOWN_REF Rundown;
    unsigned char *Buffer;
    size_t Length;
    unsigned long Reads;
} DEVICE_CTX;

/* Case 1: the buffer used before run-down protection is acquired. */
NTSTATUS DevPeek(DEVICE_CTX *dev, unsigned char *out)
{
    *out = dev->Buffer[0]; // expect-warning: handleguard-access-before-enter
    if (!ExAcquireRundownProtection(&dev->Rundown))
        return STATUS_DELETE_PENDING;
    dev->Reads++;
    ExReleaseRundownProtection(&dev->Rundown);
    return STATUS_SUCCESS;
}

/* Case 2: the result of the acquire ignored. */
void DevCount(DEVICE_CTX *dev)
{
    ExAcquireRundownProtection(&dev->Rundown); // expect-warning: handleguard-enter-unchecked
    dev->Reads++;
    ExReleaseRundownProtection(&dev->Rundown);
}

/* Case 3: an error path that keeps the protection: the teardown waits for
 * it forever. */
NTSTATUS DevRead(DEVICE_CTX *dev, unsigned char *out, size_t len)
{
    if (ExAcquireRundownProtection(&dev->Rundown) != TRUE)
        return STATUS_DELETE_PENDING;
    if (len > dev->Length)
        return -1; // expect-warning: handleguard-op-not-left
    memcpy(out, dev->Buffer, len);
    ExReleaseRundownProtection(&dev->Rundown);
    return STATUS_SUCCESS;
}

/* Case 4: waiting while holding the protection stalls the teardown. */
NTSTATUS DevSlowRead(DEVICE_CTX *dev)
{
    long long delay = -10000;
    if (!ExAcquireRundownProtection(&dev->Rundown))
        return STATUS_DELETE_PENDING;
    KeDelayExecutionThread(0, 0, &delay); // expect-warning: handleguard-blocking-while-entered
    dev->Reads++;
    ExReleaseRundownProtection(&dev->Rundown);
    return STATUS_SUCCESS;
}

/* Case 5: a pointer into the buffer handed back to the caller, returned after
 * the release. */
const unsigned char *DevData(DEVICE_CTX *dev)
{
    const unsigned char *p = NULL;
    if (!ExAcquireRundownProtection(&dev->Rundown))
        return NULL;
    p = dev->Buffer;
    ExReleaseRundownProtection(&dev->Rundown);
    return p; // expect-warning: handleguard-borrowed-return
}

/* Case 6: the buffer dropped before the wait, and the context freed. */
void DevClose(DEVICE_CTX *dev)
{
    ExFreePool(dev->Buffer); // expect-warning: handleguard-free-not-gated
    ExWaitForRundownProtectionRelease(&dev->Rundown);
    dev->Length = 0;
    ExFreePool(dev); // expect-warning: handleguard-box-freed
}

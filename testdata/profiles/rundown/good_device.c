/* rundown: a device context used as the protocol wants: every op acquires
 * and releases on every path, the close waits for the holders before
 * dropping the buffer, and the context itself is never freed. */
// expect-no-diagnostics
#include <stddef.h>
#include <string.h>

typedef struct { void *Ptr; } EX_RUNDOWN_REF;
typedef unsigned char BOOLEAN;
typedef long NTSTATUS;
#define TRUE 1
#define STATUS_SUCCESS ((NTSTATUS)0)
#define STATUS_DELETE_PENDING ((NTSTATUS)0xC0000056L)
#define STATUS_NO_MEMORY ((NTSTATUS)0xC0000017L)
void ExInitializeRundownProtection(EX_RUNDOWN_REF *ref);
BOOLEAN ExAcquireRundownProtection(EX_RUNDOWN_REF *ref);
void ExReleaseRundownProtection(EX_RUNDOWN_REF *ref);
BOOLEAN ExAcquireRundownProtectionEx(EX_RUNDOWN_REF *ref, unsigned long count);
void ExReleaseRundownProtectionEx(EX_RUNDOWN_REF *ref, unsigned long count);
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

/* Two references at once (for a request that completes in two parts). */
NTSTATUS DevReadTwice(DEVICE_CTX *dev, unsigned char *out)
{
    if (!ExAcquireRundownProtectionEx(&dev->Rundown, 2))
        return STATUS_DELETE_PENDING;
    out[0] = dev->Buffer[0];
    out[1] = dev->Buffer[1];
    dev->Reads += 2;
    ExReleaseRundownProtectionEx(&dev->Rundown, 2);
    return STATUS_SUCCESS;
}

DEVICE_CTX *DevCreate(size_t len)
{
    DEVICE_CTX *dev = ExAllocatePool2(0x40, sizeof *dev, 0x76654431);
    if (!dev)
        return NULL;
    dev->Buffer = ExAllocatePool2(0x40, len, 0x66754231);
    if (!dev->Buffer) {
        ExFreePool(dev);
        return NULL;
    }
    dev->Length = len;
    dev->Reads = 0;
    ExInitializeRundownProtection(&dev->Rundown);
    return dev;
}

NTSTATUS DevRead(DEVICE_CTX *dev, unsigned char *out, size_t len)
{
    NTSTATUS status = STATUS_SUCCESS;
    if (ExAcquireRundownProtection(&dev->Rundown) != TRUE)
        return STATUS_DELETE_PENDING;
    if (len > dev->Length) {
        status = -1;
        goto out;
    }
    memcpy(out, dev->Buffer, len);
    dev->Reads++;
out:
    ExReleaseRundownProtection(&dev->Rundown);
    return status;
}

NTSTATUS DevCopy(DEVICE_CTX *dev, unsigned char **copy)
{
    if (!ExAcquireRundownProtection(&dev->Rundown))
        return STATUS_DELETE_PENDING;
    size_t len = dev->Length;
    unsigned char *p = ExAllocatePool2(0x40, len, 0x79706f43);
    if (p)
        memcpy(p, dev->Buffer, len);
    ExReleaseRundownProtection(&dev->Rundown);
    if (!p)
        return STATUS_NO_MEMORY;
    *copy = p;
    return STATUS_SUCCESS;
}

/* Leave, wait, re-acquire. */
NTSTATUS DevThrottledRead(DEVICE_CTX *dev)
{
    long long delay = -10000;
    if (!ExAcquireRundownProtection(&dev->Rundown))
        return STATUS_DELETE_PENDING;
    unsigned long reads = dev->Reads;
    ExReleaseRundownProtection(&dev->Rundown);
    if (reads > 1000)
        KeDelayExecutionThread(0, 0, &delay);
    if (!ExAcquireRundownProtection(&dev->Rundown))
        return STATUS_DELETE_PENDING;
    dev->Reads++;
    ExReleaseRundownProtection(&dev->Rundown);
    return STATUS_SUCCESS;
}

/* The wait drains every holder: afterwards the buffer is the closer's. */
void DevClose(DEVICE_CTX *dev)
{
    ExWaitForRundownProtectionRelease(&dev->Rundown);
    ExFreePool(dev->Buffer);
    dev->Buffer = NULL;
    dev->Length = 0;
}

/* TEST-ONLY stand-in for the WinRT class Windows.UI.ViewManagement.UISettings, used when the
   Windows bundle is run under Wine in CI (.ci/windows-bundle.sh).  Wine 8 does not provide
   the class, and Qt 6.10's qwindows platform plugin creates one while the QApplication is
   constructed (system colours, dark mode); without it the program aborts before its window.

   The activation factory hands out one static object.  It answers every interface it is
   asked for with itself, except the COM plumbing interfaces (marshalling, weak references)
   that must stay unanswered; every method after the IInspectable ones succeeds and leaves its
   results as the caller initialised them (so colours read as zero: the light theme).

   Registered in the prefix as the class's DllPath and compiled into System32 only; never
   bundled, never shipped. */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#define SLOTS 48

typedef struct Unknown { void *const *vtbl; } Unknown;

/* IIDs the object must NOT claim: IMarshal, IWeakReferenceSource, INoMarshal */
static const GUID refused[] = {
    {0x00000003, 0x0000, 0x0000, {0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}},
    {0x00000038, 0x0000, 0x0000, {0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}},
    {0xECC8691B, 0xC1DB, 0x4DC0, {0x85, 0x5E, 0x65, 0xF6, 0xC5, 0x51, 0xAF, 0x49}},
};

static HRESULT STDMETHODCALLTYPE query(Unknown *self, REFIID iid, void **out)
{
    size_t i;
    if (out == NULL)
        return E_POINTER;
    for (i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        if (IsEqualGUID(iid, &refused[i])) {
            *out = NULL;
            return E_NOINTERFACE;
        }
    }
    *out = self;
    return S_OK;
}

/* static objects: reference counting is a no-op */
static ULONG STDMETHODCALLTYPE add_ref(Unknown *self) { (void)self; return 2; }
static ULONG STDMETHODCALLTYPE release(Unknown *self) { (void)self; return 1; }

static HRESULT STDMETHODCALLTYPE get_iids(Unknown *self, ULONG *count, GUID **iids)
{
    (void)self;
    if (count) *count = 0;
    if (iids) *iids = NULL;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE get_class_name(Unknown *self, void **name)
{
    (void)self;
    if (name) *name = NULL;  /* the empty HSTRING */
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE get_trust(Unknown *self, int *level)
{
    (void)self;
    if (level) *level = 0;  /* BaseTrust */
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE succeed(Unknown *self) { (void)self; return S_OK; }

static void *settings_methods[SLOTS];
static Unknown settings = {settings_methods};

/* IActivationFactory::ActivateInstance (slot 6 of the factory) */
static HRESULT STDMETHODCALLTYPE activate(Unknown *self, Unknown **instance)
{
    (void)self;
    if (instance == NULL)
        return E_POINTER;
    *instance = &settings;
    return S_OK;
}

static void *factory_methods[SLOTS];
static Unknown factory = {factory_methods};

static void build_vtable(void **slots)
{
    int i;
    slots[0] = (void *)query;
    slots[1] = (void *)add_ref;
    slots[2] = (void *)release;
    slots[3] = (void *)get_iids;
    slots[4] = (void *)get_class_name;
    slots[5] = (void *)get_trust;
    for (i = 6; i < SLOTS; i++)
        slots[i] = (void *)succeed;
}

__declspec(dllexport) HRESULT WINAPI DllGetActivationFactory(void *class_id, Unknown **out)
{
    (void)class_id;
    if (out == NULL)
        return E_POINTER;
    build_vtable(settings_methods);
    build_vtable(factory_methods);
    factory_methods[6] = (void *)activate;
    *out = &factory;
    return S_OK;
}

__declspec(dllexport) HRESULT WINAPI DllCanUnloadNow(void) { return S_FALSE; }

/* TEST-ONLY stand-in for the icuuc.dll of Windows 10 (1903 and later), used when the Windows
   bundle is run under Wine in CI (.ci/windows-bundle.sh).  Wine 8 has no icuuc.dll, and
   Qt6Core.dll imports ICU's converter API (ucnv_*) from it for QStringConverter's
   non-Unicode codecs.  Here no converter can ever be opened (U_FILE_ACCESS_ERROR), so Qt
   treats every such codec as unavailable; UTF-8/16/32 and Latin-1 are Qt's own code and do
   not go through ICU.  The program itself never needs an ICU codec.

   It is compiled into the Wine prefix's System32 only.  PyInstaller takes a DLL found there
   for a system library and does not bundle it; the CI stage checks that dist/ holds no
   icuuc.dll.  Never ship it. */
#include <stddef.h>
#include <stdint.h>

#define API __declspec(dllexport)

typedef int32_t UErrorCode;  /* ICU: <= 0 means success so far */
typedef uint16_t UChar;
typedef int8_t UBool;
typedef void UConverter;
typedef void (*ConverterCallback)(void);

enum { NO_CONVERTER = 4 /* U_FILE_ACCESS_ERROR */ };

static void refuse(UErrorCode *status)
{
    if (status != NULL && *status <= 0)
        *status = NO_CONVERTER;
}

/* opening, naming, listing */
API UConverter *ucnv_open(const char *name, UErrorCode *status) { (void)name; refuse(status); return NULL; }
API void ucnv_close(UConverter *cnv) { (void)cnv; }
API void ucnv_reset(UConverter *cnv) { (void)cnv; }
API int8_t ucnv_getMaxCharSize(const UConverter *cnv) { (void)cnv; return 1; }
API const char *ucnv_getName(const UConverter *cnv, UErrorCode *status) { (void)cnv; refuse(status); return NULL; }
API int32_t ucnv_countAvailable(void) { return 0; }
API const char *ucnv_getAvailableName(int32_t index) { (void)index; return NULL; }
API const char *ucnv_getStandardName(const char *name, const char *standard, UErrorCode *status)
{ (void)name; (void)standard; refuse(status); return NULL; }

/* callbacks */
API void ucnv_getToUCallBack(const UConverter *cnv, ConverterCallback *action, const void **context)
{ (void)cnv; if (action) *action = NULL; if (context) *context = NULL; }
API void ucnv_getFromUCallBack(const UConverter *cnv, ConverterCallback *action, const void **context)
{ (void)cnv; if (action) *action = NULL; if (context) *context = NULL; }
API void ucnv_setToUCallBack(UConverter *cnv, ConverterCallback action, const void *context,
                             ConverterCallback *old_action, const void **old_context, UErrorCode *status)
{ (void)cnv; (void)action; (void)context; (void)old_action; (void)old_context; refuse(status); }
API void ucnv_setFromUCallBack(UConverter *cnv, ConverterCallback action, const void *context,
                               ConverterCallback *old_action, const void **old_context, UErrorCode *status)
{ (void)cnv; (void)action; (void)context; (void)old_action; (void)old_context; refuse(status); }
API void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *context, void *args, const char *units, int32_t length,
                                       int reason, UErrorCode *status)
{ (void)context; (void)args; (void)units; (void)length; (void)reason; refuse(status); }
API void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *context, void *args, const UChar *units, int32_t length,
                                         int32_t code_point, int reason, UErrorCode *status)
{ (void)context; (void)args; (void)units; (void)length; (void)code_point; (void)reason; refuse(status); }
API void ucnv_cbToUWriteUChars(void *args, const UChar *source, int32_t length, int32_t offset, UErrorCode *status)
{ (void)args; (void)source; (void)length; (void)offset; refuse(status); }
API void ucnv_cbFromUWriteUChars(void *args, const UChar **source, const UChar *limit, int32_t offset, UErrorCode *status)
{ (void)args; (void)source; (void)limit; (void)offset; refuse(status); }

/* conversion */
API void ucnv_fromUnicode(UConverter *cnv, char **target, const char *target_limit, const UChar **source,
                          const UChar *source_limit, int32_t *offsets, UBool flush, UErrorCode *status)
{ (void)cnv; (void)target; (void)target_limit; (void)source; (void)source_limit; (void)offsets; (void)flush; refuse(status); }
API void ucnv_toUnicode(UConverter *cnv, UChar **target, const UChar *target_limit, const char **source,
                        const char *source_limit, int32_t *offsets, UBool flush, UErrorCode *status)
{ (void)cnv; (void)target; (void)target_limit; (void)source; (void)source_limit; (void)offsets; (void)flush; refuse(status); }
API int32_t ucnv_toUCountPending(const UConverter *cnv, UErrorCode *status) { (void)cnv; refuse(status); return -1; }
API int32_t ucnv_fromUCountPending(const UConverter *cnv, UErrorCode *status) { (void)cnv; refuse(status); return -1; }

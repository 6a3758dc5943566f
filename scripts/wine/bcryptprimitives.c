/* A stand-in for Windows' bcryptprimitives.dll, for running the Windows
 * build under Wine 8.0 (Debian 12), which lacks it: Go 1.24+'s runtime
 * loads it from system32 at start for ProcessPrng, its random source.
 * scripts/check-windows-package.sh builds it with mingw-w64 into a
 * throwaway Wine prefix; it is never shipped. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buf, ULONG len); /* RtlGenRandom */

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	/* RtlGenRandom takes a ULONG length; SIZE_T is wider on x64. */
	while (len > 0) {
		ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}

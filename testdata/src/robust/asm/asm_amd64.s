#include "textflag.h"

TEXT ·asm(SB),NOSPLIT,$0-40
	RET

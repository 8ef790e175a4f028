/* SPDX-License-Identifier: MIT */
/* For tests, fuzzers and benchmarks only: the internal declarations of the layers up to
 * src/crypto/ in one include. Nothing in src/ includes it; each source includes the
 * header of its own layer (src/LAYERS). */
#ifndef PRIVPOL_INTERNAL_H
#define PRIVPOL_INTERNAL_H

#include "crypto.h"

#endif /* PRIVPOL_INTERNAL_H */

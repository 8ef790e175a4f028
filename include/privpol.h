/* SPDX-License-Identifier: MIT */
#ifndef PRIVPOL_H
#define PRIVPOL_H

/** @file privpol.h
 *  @brief Umbrella header: includes every public libprivpol header. */

#include <privpol/common.h>
#include <privpol/version.h>
#include <privpol/time.h>
#include <privpol/category.h>
#include <privpol/keyring.h>
#include <privpol/context.h>
#include <privpol/pseudonym.h>
#include <privpol/classify.h>
#include <privpol/retention.h>
#include <privpol/policy.h>
#include <privpol/taint.h>
#include <privpol/decide.h>
#include <privpol/ropa.h>
#include <privpol/record.h>
#include <privpol/seal.h>

#endif /* PRIVPOL_H */

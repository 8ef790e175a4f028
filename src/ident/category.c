/* SPDX-License-Identifier: MIT */
/* The category registry, generated from PRIVPOL_CATEGORY_LIST (privpol/category.h): one
 * line there per category, appended only (indexes are written into reversible tokens). */
#include "ident.h"

#include <string.h>

#define ROW(name, id, section, norm, level, fides, dpv) {id, section, norm, fides, dpv, level},
const struct privpol__category privpol__categories[] = {PRIVPOL_CATEGORY_LIST(ROW)};
#undef ROW

const size_t privpol__category_count = sizeof privpol__categories / sizeof *privpol__categories;

#define COUNT(name, id, section, norm, level, fides, dpv) +1
_Static_assert(0 PRIVPOL_CATEGORY_LIST(COUNT) == PRIVPOL__CATEGORY_COUNT,
               "PRIVPOL__CATEGORY_COUNT follows the list");
#undef COUNT

int
privpol__category_index(const char *id)
{
    if (id == NULL)
        return -1;
    for (size_t i = 0; i < privpol__category_count; i++)
        if (strcmp(privpol__categories[i].id, id) == 0)
            return (int)i;
    return -1;
}

static bool
known(privpol_category category)
{
    return (size_t)category < privpol__category_count && category >= 0;
}

privpol_status
privpol__category_check(privpol_category category, privpol_error *err)
{
    return known(category) ? PRIVPOL_OK
                           : privpol__failf(err, PRIVPOL_ENOTFOUND, "unknown category %d",
                                            (int)category);
}

size_t
privpol_category_count(void)
{
    return privpol__category_count;
}

const char *
privpol_category_id(privpol_category category)
{
    return known(category) ? privpol__categories[category].id : NULL;
}

privpol_status
privpol_category_find(const char *id, privpol_category *out, privpol_error *err)
{
    int i;
    if (out == NULL || id == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if ((i = privpol__category_index(id)) < 0)
        return privpol__failf(err, PRIVPOL_ENOTFOUND, "unknown category id '%.64s'", id);
    *out = (privpol_category)i;
    return PRIVPOL_OK;
}

privpol_normalizer
privpol_category_normalizer(privpol_category category)
{
    return known(category) ? privpol__categories[category].normalizer : PRIVPOL_NORM_OPAQUE;
}

privpol_identifiability
privpol_category_identifiability(privpol_category category)
{
    return known(category) ? privpol__categories[category].identifiability : PRIVPOL_PERSONAL;
}

const char *
privpol_category_clause(privpol_category category)
{
    return known(category) ? privpol__categories[category].clause : NULL;
}

const char *
privpol_category_fideslang(privpol_category category)
{
    return known(category) ? privpol__categories[category].fideslang : NULL;
}

const char *
privpol_category_dpv(privpol_category category)
{
    return known(category) ? privpol__categories[category].dpv : NULL;
}


/* SPDX-License-Identifier: MIT */
/* The category registry. The order is ABI: indexes are written into
 * reversible tokens, so entries are only ever appended. */
#include "internal.h"

#include <string.h>

#define P PRIVPOL_PERSONAL
#define S PRIVPOL_PSEUDONYMOUS
#define N PRIVPOL_NON_IDENTIFIABLE

const struct privpol__category privpol__categories[] = {
    {"identity.name", "12.1", PRIVPOL_NORM_TEXT, "user.name", P},
    {"contact.email", "12.1, 7.3", PRIVPOL_NORM_EMAIL, "user.contact.email", P},
    {"contact.phone", "12.1", PRIVPOL_NORM_PHONE, "user.contact.phone_number", P},
    {"contact.position", "12.1", PRIVPOL_NORM_TEXT, "user.job_title", P},
    {"account.credentials", "7.7", PRIVPOL_NORM_OPAQUE, "user.authorization.credentials", P},
    {"connection.ip_address", "12.1, 12.2", PRIVPOL_NORM_IP, "user.device.ip_address", P},
    {"connection.timestamp", "12.1, 12.2", PRIVPOL_NORM_NONE, "user.behavior", N},
    {"cookie.id", "12.1, 17", PRIVPOL_NORM_OPAQUE, "user.device.cookie_id", P},
    {"terminal.msisdn", "12.2", PRIVPOL_NORM_PHONE, "user.contact.phone_number", P},
    {"terminal.device_id", "12.2", PRIVPOL_NORM_OPAQUE, "user.device.device_id", P},
    {"terminal.user_agent", "12.2", PRIVPOL_NORM_NONE, "user.device", S},
    {"terminal.device_type", "12.2", PRIVPOL_NORM_NONE, "user.device", N},
    {"usage.event", "12.2", PRIVPOL_NORM_NONE, "user.behavior.browsing_history", N},
    {"usage.journey", "12.2, 9.2", PRIVPOL_NORM_NONE, "user.behavior", N},
    {"user_provided.free_text", "12.2, 7.7", PRIVPOL_NORM_SCAN, "user.content.private", P},
    {"user_provided.survey", "12.2", PRIVPOL_NORM_SCAN, "user.content.private", P},
    {"financial.card_number", "", PRIVPOL_NORM_DIGITS, "user.financial.bank_account", P},
    {"financial.iban", "", PRIVPOL_NORM_IBAN, "user.financial.bank_account", P},
    {"geolocation.precise", "12.3", PRIVPOL_NORM_NONE, "user.location.precise", P},
    {"geolocation.imprecise", "12.3", PRIVPOL_NORM_NONE, "user.location.imprecise", S},
    {"non_identifiable.statistic", "7.8", PRIVPOL_NORM_NONE, "system.operations", N},
    {"unknown", "", PRIVPOL_NORM_OPAQUE, "", P},
};

const size_t privpol__category_count = sizeof privpol__categories / sizeof *privpol__categories;

#undef P
#undef S
#undef N

_Static_assert(sizeof privpol__categories / sizeof *privpol__categories <= PRIVPOL__CATEGORY_MAX,
               "raise PRIVPOL__CATEGORY_MAX");

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

size_t
privpol_category_count(void)
{
    return privpol__category_count;
}

const char *
privpol_category_id(size_t index)
{
    return index < privpol__category_count ? privpol__categories[index].id : NULL;
}

privpol_status
privpol_category_find(size_t *out_index, const char *id)
{
    int i;
    if (out_index == NULL || id == NULL)
        return PRIVPOL_EINVAL;
    if ((i = privpol__category_index(id)) < 0)
        return PRIVPOL_ENOTFOUND;
    *out_index = (size_t)i;
    return PRIVPOL_OK;
}

privpol_normalizer
privpol_category_normalizer(size_t index)
{
    return index < privpol__category_count ? privpol__categories[index].normalizer
                                           : PRIVPOL_NORM_OPAQUE;
}

privpol_identifiability
privpol_category_identifiability(size_t index)
{
    return index < privpol__category_count ? privpol__categories[index].identifiability
                                           : PRIVPOL_PERSONAL;
}

const char *
privpol_category_clause(size_t index)
{
    return index < privpol__category_count ? privpol__categories[index].clause : NULL;
}

const char *
privpol_category_fideslang(size_t index)
{
    return index < privpol__category_count ? privpol__categories[index].fideslang : NULL;
}

const char *
privpol_normalizer_name(privpol_normalizer normalizer)
{
    switch (normalizer) {
    case PRIVPOL_NORM_NONE: return "none";
    case PRIVPOL_NORM_TEXT: return "text";
    case PRIVPOL_NORM_IP: return "ip";
    case PRIVPOL_NORM_PHONE: return "phone";
    case PRIVPOL_NORM_EMAIL: return "email";
    case PRIVPOL_NORM_DIGITS: return "digits";
    case PRIVPOL_NORM_IBAN: return "iban";
    case PRIVPOL_NORM_SCAN: return "scan";
    case PRIVPOL_NORM_OPAQUE:
    default: return "opaque";
    }
}

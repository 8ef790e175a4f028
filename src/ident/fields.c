/* SPDX-License-Identifier: MIT */
/* Field-name rules: the category a field's name alone suggests.
 *
 * A name is read as privpol__field_normalize() says (last component of a JSON path,
 * indexes dropped, camelCase split, lowercase, '-' and ' ' as '_'), then looked up
 * among exact names (a hash index over the table, no allocation), then among a
 * few suffixes ("client_ip_address", "billing_email", "created_at").
 *
 * Left out on purpose:
 *  - prefixes ("ip_*", "email_*"): they mostly name attributes of the identifier, not
 *    the identifier ("ip_country", "email_verified", "phone_type"), and a rule with a
 *    shape would then turn every such value into a field mismatch;
 *  - "title" (more often a page or document title than a job title), "long" (a
 *    longitude, or a type), "state", "role", "score", "user_id", "id";
 *  - "tenant": tenant ids name the customer (a company), which the caller knows;
 *    deciding that is the policy's job, not a name rule's;
 *  - "*_name" and "*_date": "file_name", "birth_date" would be misfiled.
 * A field without a rule is decided by its value alone (and `unknown`, personal, when
 * the value is not recognized either). */
#include "ident.h"

#include <string.h>

/* clang-format off */
#define R(name, cat) {name, PRIVPOL_CAT_##cat}
#define S(name, cat) {name, sizeof name - 1, PRIVPOL_CAT_##cat}
/* clang-format on */

/* Sorted by name in strcmp order ('@' < '_' < 'a') for the reader; test-classify checks
 * the order. */
const struct privpol__field_rule privpol__field_rules[] = {
    R("@timestamp", CONNECTION_TIMESTAMP),
    R("_ga", COOKIE_ID),
    R("aaid", TERMINAL_DEVICE_ID),
    R("access_token", ACCOUNT_CREDENTIALS),
    R("action", USAGE_EVENT),
    R("android_id", TERMINAL_DEVICE_ID),
    R("ani", TERMINAL_MSISDN),
    R("answer", USER_PROVIDED_SURVEY),
    R("answers", USER_PROVIDED_SURVEY),
    R("api_key", ACCOUNT_CREDENTIALS),
    R("apikey", ACCOUNT_CREDENTIALS),
    R("auth", ACCOUNT_CREDENTIALS),
    R("auth_token", ACCOUNT_CREDENTIALS),
    R("authorization", ACCOUNT_CREDENTIALS),
    R("avg", NON_IDENTIFIABLE_STATISTIC),
    R("bank_account", FINANCIAL_IBAN),
    R("bban", FINANCIAL_IBAN),
    R("body", USER_PROVIDED_FREE_TEXT),
    R("breadcrumb", USAGE_JOURNEY),
    R("breadcrumbs", USAGE_JOURNEY),
    R("bytes", NON_IDENTIFIABLE_STATISTIC),
    R("called_number", TERMINAL_MSISDN),
    R("caller_id", TERMINAL_MSISDN),
    R("calling_number", TERMINAL_MSISDN),
    R("card", FINANCIAL_CARD_NUMBER),
    R("card_number", FINANCIAL_CARD_NUMBER),
    R("cardnumber", FINANCIAL_CARD_NUMBER),
    R("cc_number", FINANCIAL_CARD_NUMBER),
    R("city", GEOLOCATION_IMPRECISE),
    R("cli", TERMINAL_MSISDN),
    R("client_id", COOKIE_ID),
    R("client_ip", CONNECTION_IP_ADDRESS),
    R("client_secret", ACCOUNT_CREDENTIALS),
    R("comment", USER_PROVIDED_FREE_TEXT),
    R("comments", USER_PROVIDED_FREE_TEXT),
    R("connected_at", CONNECTION_TIMESTAMP),
    R("cookie", COOKIE_ID),
    R("cookie_id", COOKIE_ID),
    R("coordinates", GEOLOCATION_PRECISE),
    R("coords", GEOLOCATION_PRECISE),
    R("count", NON_IDENTIFIABLE_STATISTIC),
    R("country", GEOLOCATION_IMPRECISE),
    R("country_code", GEOLOCATION_IMPRECISE),
    R("created_at", CONNECTION_TIMESTAMP),
    R("credit_card", FINANCIAL_CARD_NUMBER),
    R("date", CONNECTION_TIMESTAMP),
    R("datetime", CONNECTION_TIMESTAMP),
    R("description", USER_PROVIDED_FREE_TEXT),
    R("device", TERMINAL_DEVICE_TYPE),
    R("device_id", TERMINAL_DEVICE_ID),
    R("device_type", TERMINAL_DEVICE_TYPE),
    R("deviceid", TERMINAL_DEVICE_ID),
    R("display_name", IDENTITY_NAME),
    R("duration", NON_IDENTIFIABLE_STATISTIC),
    R("duration_ms", NON_IDENTIFIABLE_STATISTIC),
    R("e_mail", CONTACT_EMAIL),
    R("elapsed", NON_IDENTIFIABLE_STATISTIC),
    R("elapsed_ms", NON_IDENTIFIABLE_STATISTIC),
    R("email", CONTACT_EMAIL),
    R("email_address", CONTACT_EMAIL),
    R("event", USAGE_EVENT),
    R("event_name", USAGE_EVENT),
    R("event_time", CONNECTION_TIMESTAMP),
    R("event_type", USAGE_EVENT),
    R("family_name", IDENTITY_NAME),
    R("fax", CONTACT_PHONE),
    R("feedback", USER_PROVIDED_FREE_TEXT),
    R("first_name", IDENTITY_NAME),
    R("firstname", IDENTITY_NAME),
    R("form_factor", TERMINAL_DEVICE_TYPE),
    R("free_text", USER_PROVIDED_FREE_TEXT),
    R("freetext", USER_PROVIDED_FREE_TEXT),
    R("full_name", IDENTITY_NAME),
    R("fullname", IDENTITY_NAME),
    R("gaid", TERMINAL_DEVICE_ID),
    R("geo", GEOLOCATION_PRECISE),
    R("geolocation", GEOLOCATION_PRECISE),
    R("given_name", IDENTITY_NAME),
    R("gps", GEOLOCATION_PRECISE),
    R("hardware_id", TERMINAL_DEVICE_ID),
    R("http_status", NON_IDENTIFIABLE_STATISTIC),
    R("http_user_agent", TERMINAL_USER_AGENT),
    R("iban", FINANCIAL_IBAN),
    R("id_token", ACCOUNT_CREDENTIALS),
    R("idfa", TERMINAL_DEVICE_ID),
    R("idfv", TERMINAL_DEVICE_ID),
    R("imei", TERMINAL_DEVICE_ID),
    R("ip", CONNECTION_IP_ADDRESS),
    R("ip_addr", CONNECTION_IP_ADDRESS),
    R("ip_address", CONNECTION_IP_ADDRESS),
    R("ipv4", CONNECTION_IP_ADDRESS),
    R("ipv6", CONNECTION_IP_ADDRESS),
    R("job_title", CONTACT_POSITION),
    R("jobtitle", CONTACT_POSITION),
    R("journey", USAGE_JOURNEY),
    R("last_name", IDENTITY_NAME),
    R("lastname", IDENTITY_NAME),
    R("lat", GEOLOCATION_PRECISE),
    R("lat_lng", GEOLOCATION_PRECISE),
    R("latency_ms", NON_IDENTIFIABLE_STATISTIC),
    R("latitude", GEOLOCATION_PRECISE),
    R("latlng", GEOLOCATION_PRECISE),
    R("latlon", GEOLOCATION_PRECISE),
    R("lng", GEOLOCATION_PRECISE),
    R("location", GEOLOCATION_PRECISE),
    R("lon", GEOLOCATION_PRECISE),
    R("longitude", GEOLOCATION_PRECISE),
    R("mac", TERMINAL_DEVICE_ID),
    R("mac_address", TERMINAL_DEVICE_ID),
    R("mail", CONTACT_EMAIL),
    R("max", NON_IDENTIFIABLE_STATISTIC),
    R("mean", NON_IDENTIFIABLE_STATISTIC),
    R("median", NON_IDENTIFIABLE_STATISTIC),
    R("message", USER_PROVIDED_FREE_TEXT),
    R("min", NON_IDENTIFIABLE_STATISTIC),
    R("mobile", CONTACT_PHONE),
    R("mobile_number", CONTACT_PHONE),
    R("mobile_phone", CONTACT_PHONE),
    R("msisdn", TERMINAL_MSISDN),
    R("name", IDENTITY_NAME),
    R("navigation", USAGE_JOURNEY),
    R("note", USER_PROVIDED_FREE_TEXT),
    R("notes", USER_PROVIDED_FREE_TEXT),
    R("nps", USER_PROVIDED_SURVEY),
    R("occupation", CONTACT_POSITION),
    R("os", TERMINAL_DEVICE_TYPE),
    R("page", USAGE_EVENT),
    R("page_url", USAGE_EVENT),
    R("pan", FINANCIAL_CARD_NUMBER),
    R("passwd", ACCOUNT_CREDENTIALS),
    R("password", ACCOUNT_CREDENTIALS),
    R("path", USAGE_EVENT),
    R("phone", CONTACT_PHONE),
    R("phone_number", CONTACT_PHONE),
    R("platform", TERMINAL_DEVICE_TYPE),
    R("position", CONTACT_POSITION),
    R("position_gps", GEOLOCATION_PRECISE),
    R("postal_code", GEOLOCATION_IMPRECISE),
    R("postcode", GEOLOCATION_IMPRECISE),
    R("pwd", ACCOUNT_CREDENTIALS),
    R("rating", USER_PROVIDED_SURVEY),
    R("received_at", CONNECTION_TIMESTAMP),
    R("referer", USAGE_EVENT),
    R("referrer", USAGE_EVENT),
    R("refresh_token", ACCOUNT_CREDENTIALS),
    R("region", GEOLOCATION_IMPRECISE),
    R("remark", USER_PROVIDED_FREE_TEXT),
    R("remarks", USER_PROVIDED_FREE_TEXT),
    R("remote_addr", CONNECTION_IP_ADDRESS),
    R("remote_ip", CONNECTION_IP_ADDRESS),
    R("response_time", NON_IDENTIFIABLE_STATISTIC),
    R("response_time_ms", NON_IDENTIFIABLE_STATISTIC),
    R("rib", FINANCIAL_IBAN),
    R("secret", ACCOUNT_CREDENTIALS),
    R("session_id", COOKIE_ID),
    R("session_token", ACCOUNT_CREDENTIALS),
    R("sessionid", COOKIE_ID),
    R("sid", COOKIE_ID),
    R("size", NON_IDENTIFIABLE_STATISTIC),
    R("source_ip", CONNECTION_IP_ADDRESS),
    R("src_ip", CONNECTION_IP_ADDRESS),
    R("status", NON_IDENTIFIABLE_STATISTIC),
    R("status_code", NON_IDENTIFIABLE_STATISTIC),
    R("steps", USAGE_JOURNEY),
    R("sum", NON_IDENTIFIABLE_STATISTIC),
    R("surname", IDENTITY_NAME),
    R("survey", USER_PROVIDED_SURVEY),
    R("tel", CONTACT_PHONE),
    R("telephone", CONTACT_PHONE),
    R("text", USER_PROVIDED_FREE_TEXT),
    R("time", CONNECTION_TIMESTAMP),
    R("timestamp", CONNECTION_TIMESTAMP),
    R("token", ACCOUNT_CREDENTIALS),
    R("total", NON_IDENTIFIABLE_STATISTIC),
    R("tracking_id", COOKIE_ID),
    R("ts", CONNECTION_TIMESTAMP),
    R("ua", TERMINAL_USER_AGENT),
    R("udid", TERMINAL_DEVICE_ID),
    R("updated_at", CONNECTION_TIMESTAMP),
    R("uri", USAGE_EVENT),
    R("url", USAGE_EVENT),
    R("user_agent", TERMINAL_USER_AGENT),
    R("user_name", IDENTITY_NAME),
    R("useragent", TERMINAL_USER_AGENT),
    R("username", IDENTITY_NAME),
    R("visitor_id", COOKIE_ID),
    R("x_forwarded_for", CONNECTION_IP_ADDRESS),
    R("x_real_ip", CONNECTION_IP_ADDRESS),
    R("zip", GEOLOCATION_IMPRECISE),
    R("zip_code", GEOLOCATION_IMPRECISE),
    R("zipcode", GEOLOCATION_IMPRECISE),
};

const size_t privpol__field_rule_count =
    sizeof privpol__field_rules / sizeof *privpol__field_rules;

/* Open-addressing index over privpol__field_rules: a name starts at slot
 * privpol__field_hash(name) % PRIVPOL__FIELD_INDEX_SIZE and probes linearly; entries
 * are rule positions + 1, 0 for an empty slot; rules inserted in table order. One or
 * two probes find a name, where a binary search paid eight unpredictable branches.
 * test-classify rebuilds it from the table and prints the new initializer when a rule
 * was added or moved. */
/* clang-format off */
const unsigned char privpol__field_index[PRIVPOL__FIELD_INDEX_SIZE] = {
      0,   0,   0,   0,   0,   0,  16, 150,   0,   0,   0,   0,  68, 165,   0,  76,
      0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
      0,   0,   0,   0,   0,   0,  81,   0,   0,   0,   0,   0,  70, 172,   0,  38,
     45,   0,   0, 116,   0,   0,   0,   0,  73,   0,   0,  55, 102,  86,   0, 131,
      0,   0,   0,   0,   0,   0, 145, 106, 138,   0, 103, 117,  71, 129,   0,   0,
    173,   0,   0,   0,   0,  12,   0,   8,   0,  19,   0,   1, 158,   0,   0,   4,
      0,   0,   0, 146,   0,   0,  85,   0, 186,   0,  98, 112,   0, 187,  88,  93,
      0,  54,   0,   0,   0,   0,   0,   0,   0,  32,   0,  53,  69, 123,  27, 175,
    189,   0,   0,   0,  84, 178,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
     58,   0,   0,   0,   0,   0,   0, 111, 141,   0,   0,   0, 120,   0,  13, 180,
      0,   0,  67,  40,  25, 128,   0,   0,  42,  96, 124,   0, 100, 104,  59,   0,
      0,   0,   0, 149,   0,  74, 154,   0,  52,   0,  64,   0,   0,   0,  35,   0,
      0, 151,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0, 127,   0,   0,   0,
    118,   2,  95, 108, 166,   0,   0,   0,   0,  61,   0,   0,   0, 147,   0,   0,
      0,   0,   0,   0,  26,   0,   0,   0,   0,  29, 177,   0, 135, 167,  37,   0,
      0, 168, 191,   0,  57,   0,   0, 113, 155,   0,  99,  14,   0,   0,  51, 170,
      0,   0,   0,   0,  34, 105,   0,   0,  47, 122, 156,   0,   0,   0,   0,   0,
     33,  28,   0,   0,   0,   0,   0,   0,  44,  56,   0,   0,   0,   0,   0,   0,
      0, 114,   0, 161,  17,  97, 115,   0,   0,   0,   0,   0,   0,  48,   0,   0,
    110,   0,  18,   0,  72,   0,   0,   0,   0,   0,   0,  41,   0,  39,   0,   0,
      0,   0,  49,   0,   0,   0,   0,   0, 119,  78,   0,  50,   0, 140, 190,   0,
     87,  23, 142,   0,   0,   0,  10,  30, 188,   0,   0,   0,   0,   0,   0,   0,
     75, 152,   0,   0,  62,  63, 160,   0,   0,   0,   0,  90, 179,   0,   0,   0,
      0,   0, 133,  11,  65,  24,   0,  66,  77, 101, 121,   0,  31, 164, 153, 137,
    171,   0,   0,   0,   0,   0,   0,   0,  79,   0,  36, 163,   0,   0,   0,   6,
      0,   0, 125,   0, 144,   0,   0,   0,   0, 183,   0,   0,   0,   0, 148,   0,
     92,   0,   0,   0, 130,   0,   0, 169,   0,   0,   0,   0,  80, 132, 134,   0,
      0,   0,   0,   0,   0,   0,   0,   5,  60,  82,  91,  94,   0,   0, 136,   0,
      0,  20,   0,   0,   0,   0,   0,   0,   0,   0, 109,  83,   0, 176,  46, 157,
      0,   0,   0,   0,   0,   0,   0,   0,   0,   3, 139, 185,   9,   0,   0, 159,
     21, 162, 181, 126,   0,   0,   0, 143,   0,   0,   7,   0,   0,   0,  22,   0,
      0,  15, 174,  43,  89, 184,   0,   0, 107,   0,   0, 182,   0,   0,   0,   0,
};
/* clang-format on */

/* Suffix rules, tried after the exact names, longest first where one ends another. */
static const struct {
    const char *name;
    size_t len;
    privpol_category category;
} suffix_rules[] = {
    S("_ip_address", CONNECTION_IP_ADDRESS),
    S("_ip_addr", CONNECTION_IP_ADDRESS),
    S("_ip", CONNECTION_IP_ADDRESS),
    S("_email_address", CONTACT_EMAIL),
    S("_email", CONTACT_EMAIL),
    S("_phone_number", CONTACT_PHONE),
    S("_phone", CONTACT_PHONE),
    S("_msisdn", TERMINAL_MSISDN),
    S("_user_agent", TERMINAL_USER_AGENT),
    S("_mac_address", TERMINAL_DEVICE_ID),
    S("_device_id", TERMINAL_DEVICE_ID),
    S("_imei", TERMINAL_DEVICE_ID),
    S("_session_id", COOKIE_ID),
    S("_password", ACCOUNT_CREDENTIALS),
    S("_secret", ACCOUNT_CREDENTIALS),
    S("_token", ACCOUNT_CREDENTIALS),
    S("_card_number", FINANCIAL_CARD_NUMBER),
    S("_iban", FINANCIAL_IBAN),
    S("_latitude", GEOLOCATION_PRECISE),
    S("_longitude", GEOLOCATION_PRECISE),
    S("_timestamp", CONNECTION_TIMESTAMP),
    S("_at", CONNECTION_TIMESTAMP),
    S("_ts", CONNECTION_TIMESTAMP),
    S("_count", NON_IDENTIFIABLE_STATISTIC),
    S("_bytes", NON_IDENTIFIABLE_STATISTIC),
    S("_ms", NON_IDENTIFIABLE_STATISTIC),
};

#undef R
#undef S

size_t
privpol__field_normalize(const char *field, size_t len,
                         char out[PRIVPOL__FIELD_NAME_MAX + 1])
{
    size_t start, end, k = 0;
    out[0] = '\0';
    if (field == NULL)
        return 0;
    field = privpol__trim(field, &len);
    end = len;
    /* Trailing indexes: "events[3]", "steps[*]", "m[1][2]". */
    while (end >= 3 && field[end - 1] == ']') {
        size_t j = end - 1;
        while (j > 0 &&
               (privpol__is_digit((unsigned char)field[j - 1]) || field[j - 1] == '*'))
            j--;
        if (j == end - 1 || j == 0 || field[j - 1] != '[')
            break;
        end = j - 1;
    }
    for (start = end; start > 0 && field[start - 1] != '.' && field[start - 1] != '/';)
        start--;
    for (size_t i = start; i < end; i++) {
        unsigned char c = (unsigned char)field[i];
        if (c == '-' || c == ' ') {
            c = '_';
        } else if (privpol__is_upper(c)) {
            /* Word boundaries of camelCase and of acronyms: "userAgent", "deviceID",
             * "IPAddress" (before the last capital of a run followed by lowercase). */
            unsigned char prev = i > start ? (unsigned char)field[i - 1] : 0;
            bool boundary = i > start && k > 0 && out[k - 1] != '_' &&
                            (privpol__is_lower(prev) || privpol__is_digit(prev) ||
                             (privpol__is_upper(prev) && i + 1 < end &&
                              privpol__is_lower((unsigned char)field[i + 1])));
            if (boundary && k < PRIVPOL__FIELD_NAME_MAX)
                out[k++] = '_';
            c = (unsigned char)(c | 0x20);
        }
        if (k == PRIVPOL__FIELD_NAME_MAX) {
            out[0] = '\0'; /* too long to have a rule */
            return 0;
        }
        out[k++] = (char)c;
    }
    out[k] = '\0';
    return k;
}

uint32_t
privpol__field_hash(const char *name, size_t len)
{
    /* Length and the first two and last two bytes, mixed by a multiplicative hash (the
     * golden-ratio constant): constant time, and the probes stay short (1.3 on average
     * over the table, 4 at most). */
    uint32_t k;
    if (len == 0)
        return 0;
    k = (uint32_t)(unsigned char)name[0] | (uint32_t)(unsigned char)name[len > 1] << 8 |
        (uint32_t)(unsigned char)name[len - 1] << 16 |
        (uint32_t)(unsigned char)name[len > 1 ? len - 2 : 0] << 24;
    return ((k ^ (uint32_t)len * 0x9E3779B1u) * 0x9E3779B1u) >> 23;
}

/* strcmp of a table name against name[0..len) (not NUL-terminated), inline: the
 * binary search runs on every classified field. */
static inline int
name_cmp(const char *rule, const char *name, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char a = (unsigned char)rule[i], b = (unsigned char)name[i];
        if (a == 0)
            return -1; /* the rule ends first, also where the name holds a NUL byte */
        if (a != b)
            return (int)a - (int)b;
    }
    return (unsigned char)rule[len];
}

int
privpol__field_category(const char *field, size_t len)
{
    char buf[PRIVPOL__FIELD_NAME_MAX + 1];
    const char *name;
    size_t n, start = len;
    bool plain = true;
    if (field == NULL)
        return -1;
    /* Fast path: a last component already in normal form ("ip", "session_id",
     * "client.ip") is searched where it stands, without a copy. */
    while (start > 0 && field[start - 1] != '.' && field[start - 1] != '/') {
        unsigned char c = (unsigned char)field[start - 1];
        if (!(privpol__is_lower(c) || privpol__is_digit(c) || c == '_' || c == '@')) {
            plain = false;
            break;
        }
        start--;
    }
    if (plain) {
        name = field + start;
        n = len - start;
        if (n == 0 || n > PRIVPOL__FIELD_NAME_MAX)
            return -1;
    } else {
        if ((n = privpol__field_normalize(field, len, buf)) == 0)
            return -1;
        name = buf;
    }
    for (size_t h = privpol__field_hash(name, n) % PRIVPOL__FIELD_INDEX_SIZE;
         privpol__field_index[h] != 0; h = (h + 1) % PRIVPOL__FIELD_INDEX_SIZE) {
        const struct privpol__field_rule *rule =
            &privpol__field_rules[privpol__field_index[h] - 1];
        if (name_cmp(rule->name, name, n) == 0)
            return (int)rule->category;
    }
    for (size_t i = 0; i < sizeof suffix_rules / sizeof *suffix_rules; i++) {
        size_t sl = suffix_rules[i].len;
        /* Something must stand before the suffix: "_ip" alone is no name. */
        if (n > sl && memcmp(name + n - sl, suffix_rules[i].name, sl) == 0)
            return (int)suffix_rules[i].category;
    }
    return -1;
}

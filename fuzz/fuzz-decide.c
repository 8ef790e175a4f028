/* SPDX-License-Identifier: MIT */
/* Decisions: privpol_decide() on requests built from the input bytes.
 * Input, byte by byte (missing bytes read as 0):
 *   0  policy (bit 0: the default, or with the supplement below) and role (bit 1)
 *   1  purpose: an index among the policy's purposes; past them an unknown id or NULL
 *   2  operation (values past the enum too)
 *   3-10 category bit set (little endian): bit c is category index c; bit 63 adds an
 *      index out of range
 *   11 recipient (values past the enum too)
 *   12 country, from a small list (NULL, EU/EEA, adequate, partial, third, malformed)
 *   13-14 flags (little endian; bits past the known flags too)
 *   15 subject (low 3 bits), identifiability (next 2), safeguard (top 3)
 *   16 tenant (low 2 bits), recipient tenant (next 2), partner (top 4)
 *   17 time, from a small list (0: now is never used: it would not be deterministic)
 *   18 version (0: current; else the byte)
 *   26.. the state of each category, a byte each (0-3; 4 and above: 0-3 or out of
 *      range, from the byte); none when the input ends before byte 26
 *   19.. objections then restrictions: each byte a purpose index, the first one's count
 *      in its low 2 bits, the second's in the next 2 of byte 19
 * Properties: the status is OK or a documented error (EINVAL, EVERSION, ENOTFOUND); the
 * verdict is allow or deny, with a check id and a NUL-terminated reason; a decision
 * (status OK) cites a non-empty clause; an error comes with a denial whose check is
 * "invalid", without clause (none decided); the
 * decision is deterministic (twice in one context, and in a second context built alike);
 * an erasure request allows nothing but `erase`; a request with an unknown flag, no
 * category, no purpose, an out-of-range enum or a later version is never decided. */
#include "fuzz.h"

/* A tenant's supplement, as tests/policy/acme-supplement.yaml (copied: targets read no
 * files). */
static const char supplement[] =
    "privpol-supplement: 1\n"
    "tenant: acme\n"
    "extends: dialonce-privacy-policy\n"
    "version: \"1\"\n"
    "contract:\n"
    "  clause: \"ACME DPA §9\"\n"
    "  period: P13M\n"
    "  end: 2027-12-31\n"
    "geolocation:\n"
    "  clause: \"ACME DPA annex 2 §3\"\n"
    "  imprecise: true\n"
    "purposes:\n"
    "  store_locator:\n"
    "    clause: \"ACME DPA annex 1 §2\"\n"
    "    description: Suggest the nearest ACME store during an interaction.\n"
    "    subjects: [end_user]\n"
    "    categories: [geolocation.imprecise, connection.timestamp, usage.journey]\n"
    "partners:\n"
    "  - id: acme-crm\n"
    "    recipient: subcontractor\n"
    "    clause: \"ACME DPA annex 3\"\n"
    "    purposes: [customer_analytics]\n"
    "    categories: [usage.journey, connection.timestamp]\n"
    "    country: US\n"
    "    safeguard: scc\n"
    "  - id: acme-analytics\n"
    "    recipient: partner\n"
    "    clause: \"ACME DPA annex 4\"\n"
    "    purposes: [customer_analytics]\n"
    "    categories: [usage.event, usage.journey]\n"
    "    country: BE\n"
    "  - id: acme-us\n"
    "    recipient: partner\n"
    "    clause: \"ACME DPA annex 5\"\n"
    "    purposes: [customer_analytics]\n"
    "    categories: [usage.journey]\n"
    "    country: US\n";

static const char *const countries[] = {NULL, "FR", "DE", "BE", "NO", "CH", "GB", "JP",
                                        "CA", "US", "BR", "CN", "IN", "fr", "F",  "FRA",
                                        "",   "ZZ", "1A"};
static const char *const tenants[] = {NULL, "acme", "globex", ""};
static const char *const partners[] = {NULL,        "acme-crm", "acme-analytics", "acme-us",
                                       "nope",      "",         "dialonce-group-de"};
static const int64_t times[] = {INT64_C(1736150400),  /* 2025-01-06 */
                                INT64_C(1577836800),  /* 2020-01-01 */
                                INT64_C(1689811200),  /* 2023-07-20: DPF in force */
                                INT64_C(1830297600),  /* 2028-01-01: contract ended */
                                INT64_C(-62135596800), /* 0001-01-01 */
                                INT64_C(253402300799), /* 9999-12-31T23:59:59 */
                                INT64_C(253402300800), /* 10000-01-01: out of range */
                                INT64_C(1)};

#define KNOWN_FLAGS 0x3ffU

static uint8_t
byte_at(const uint8_t *data, size_t size, size_t i)
{
    return i < size ? data[i] : 0;
}

static bool
same(const privpol_decision *a, const privpol_decision *b)
{
    return a->verdict == b->verdict && strcmp(a->clause, b->clause) == 0 &&
           strcmp(a->reason, b->reason) == 0 && a->check == b->check && a->line == b->line;
}

static privpol_ctx *
context(const privpol_policy *p)
{
    privpol_ctx_options o = PRIVPOL_CTX_OPTIONS_INIT;
    privpol_ctx *ctx = NULL;
    o.policy = p;
    if (privpol_ctx_new(&o, &ctx, NULL) != PRIVPOL_OK)
        fuzz_fail(__FILE__, __LINE__, "the decision context is built");
    return ctx;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static privpol_ctx *ctx[2], *twin[2]; /* built once, only read afterwards */
    privpol_request r;
    privpol_decision d = PRIVPOL_DECISION_INIT, d2 = PRIVPOL_DECISION_INIT;
    privpol_status st;
    const privpol_policy *policy;
    privpol_category cats[65];
    privpol_data_state states[65];
    bool bad_state = false;
    size_t ncats = 0, npurposes, i;
    const char *objections[3], *restrictions[3];
    uint64_t mask = 0;
    unsigned flags, which, b;

    if (ctx[0] == NULL) {
        privpol_policy *base = NULL, *acme = NULL;
        privpol_error err;
        if (privpol_policy_default(NULL, &base, &err) != PRIVPOL_OK ||
            privpol_policy_supplement(base, supplement, sizeof supplement - 1, &acme, &err) !=
                PRIVPOL_OK) {
            fprintf(stderr, "%zu:%zu: %s\n", err.line, err.column, err.message);
            fuzz_fail(__FILE__, __LINE__, "the fuzz policies build");
        }
        ctx[0] = context(base);
        ctx[1] = context(acme);
        twin[0] = context(base);
        twin[1] = context(acme);
        privpol_policy_free(base);
        privpol_policy_free(acme);
    }

    which = byte_at(data, size, 0) & 1U;
    policy = privpol_ctx_policy(ctx[which]);
    npurposes = privpol_policy_purpose_count(policy);
    privpol_request_init(&r);
    r.role = (byte_at(data, size, 0) >> 1) & 1U ? PRIVPOL_ROLE_CONTROLLER
                                                : PRIVPOL_ROLE_PROCESSOR;
    b = byte_at(data, size, 1);
    r.purpose = b < npurposes ? privpol_policy_purpose_id(policy, b)
                : b == 255    ? NULL
                              : "no_such_purpose";
    r.operation = (privpol_operation)(byte_at(data, size, 2) % 12);
    for (i = 0; i < 8; i++)
        mask |= (uint64_t)byte_at(data, size, 3 + i) << (8 * i);
    for (i = 0; i < 63 && i < privpol_category_count(); i++)
        if (mask & ((uint64_t)1 << i))
            cats[ncats++] = (privpol_category)i;
    if (mask >> 63)
        cats[ncats++] = (privpol_category)(privpol_category_count() + 7);
    r.categories = ncats > 0 ? cats : NULL;
    r.category_count = ncats;
    r.recipient = (privpol_recipient)(byte_at(data, size, 11) % 10);
    r.country = countries[byte_at(data, size, 12) % (sizeof countries / sizeof *countries)];
    flags = (unsigned)byte_at(data, size, 13) | (unsigned)byte_at(data, size, 14) << 8;
    r.flags = flags;
    b = byte_at(data, size, 15);
    r.subject = (privpol_subject)(b & 7U);
    r.identifiability = (privpol_identifiability)((b >> 3) & 3U);
    r.safeguard = (privpol_safeguard)((b >> 5) & 7U);
    b = byte_at(data, size, 16);
    r.tenant = tenants[b & 3U];
    r.recipient_tenant = tenants[(b >> 2) & 3U];
    r.partner = partners[(b >> 4) % (sizeof partners / sizeof *partners)];
    r.at = times[byte_at(data, size, 17) % (sizeof times / sizeof *times)];
    b = byte_at(data, size, 18);
    r.version = b == 0 ? PRIVPOL_REQUEST_VERSION : b;
    b = byte_at(data, size, 19);
    r.objection_count = b & 3U;
    r.restriction_count = (b >> 2) & 3U;
    for (i = 0; i < 3; i++) {
        unsigned o = byte_at(data, size, 20 + i), q = byte_at(data, size, 23 + i);
        objections[i] = o < npurposes ? privpol_policy_purpose_id(policy, o) : "nope";
        restrictions[i] = q < npurposes ? privpol_policy_purpose_id(policy, q) : "nope";
    }
    r.objections = r.objection_count > 0 ? objections : NULL;
    r.restrictions = r.restriction_count > 0 ? restrictions : NULL;
    if (size > 26) {
        for (i = 0; i < ncats; i++) {
            unsigned s = byte_at(data, size, 26 + i);
            states[i] = (privpol_data_state)(s < 4 ? s : s % 8);
            bad_state = bad_state || states[i] > PRIVPOL_STATE_AGGREGATED;
        }
        r.states = states;
    }

    memset(&d, 0xa5, sizeof d);
    d.version = PRIVPOL_DECISION_VERSION;
    st = privpol_decide(ctx[which], &r, &d, NULL);
    FUZZ_CHECK(st == PRIVPOL_OK || st == PRIVPOL_EINVAL || st == PRIVPOL_EVERSION ||
               st == PRIVPOL_ENOTFOUND);
    FUZZ_CHECK(d.verdict == PRIVPOL_ALLOW || d.verdict == PRIVPOL_DENY);
    FUZZ_CHECK(d.check != NULL && d.check[0] != '\0');
    FUZZ_CHECK(d.clause != NULL);
    FUZZ_CHECK(memchr(d.reason, '\0', sizeof d.reason) != NULL && d.reason[0] != '\0');
    /* a decision cites its clause; a request that cannot be read is denied without one
     * (src/engine/decide.c invalid(): no clause decided) */
    if (st == PRIVPOL_OK)
        FUZZ_CHECK(d.clause[0] != '\0' && strcmp(d.check, "invalid") != 0);
    else
        FUZZ_CHECK(d.verdict == PRIVPOL_DENY && strcmp(d.check, "invalid") == 0 &&
                   d.clause[0] == '\0' && d.line == 0);

    /* documented errors: such a request is never decided (which error it gets depends
     * on the order of the checks when it has several faults, e.g. an unknown purpose
     * id too: PRIVPOL_ENOTFOUND) */
    if ((flags & ~KNOWN_FLAGS) != 0 || ncats == 0 || r.purpose == NULL ||
        r.operation > PRIVPOL_OP_REVEAL ||
        ((flags & PRIVPOL_REQ_SUBJECT) && r.subject > PRIVPOL_SUBJECT_WEBSITE_VISITOR) ||
        r.identifiability > PRIVPOL_PERSONAL || r.safeguard > PRIVPOL_SAFEGUARD_BCR ||
        (bad_state && r.version >= 2) ||
        ((flags & PRIVPOL_REQ_RECIPIENT) && r.recipient > PRIVPOL_RECIPIENT_TRANSACTION_PARTY))
        FUZZ_CHECK(st != PRIVPOL_OK);
    if (r.version > PRIVPOL_REQUEST_VERSION)
        FUZZ_CHECK(st != PRIVPOL_OK);
    /* fail closed: after an erasure request only erasing is allowed (§11) */
    if (d.verdict == PRIVPOL_ALLOW && (flags & PRIVPOL_REQ_ERASURE_REQUESTED))
        FUZZ_CHECK(r.operation == PRIVPOL_OP_ERASE);

    /* deterministic, and the same in a context built alike */
    memset(&d2, 0x5a, sizeof d2);
    d2.version = PRIVPOL_DECISION_VERSION;
    FUZZ_CHECK(privpol_decide(ctx[which], &r, &d2, NULL) == st && same(&d, &d2));
    memset(&d2, 0x3c, sizeof d2);
    d2.version = PRIVPOL_DECISION_VERSION;
    FUZZ_CHECK(privpol_decide(twin[which], &r, &d2, NULL) == st && same(&d, &d2));
    return 0;
}

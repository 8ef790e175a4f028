/* SPDX-License-Identifier: MIT */
/* The record of processing activities (GDPR Art. 30) written from the policy model, in
 * Markdown or as one HTML page (docs/ropa.md). One walk of the model drives a tiny
 * document emitter with two back ends; every text that comes from the policy goes
 * through txt() or code(), which escape it for the format, so a supplement cannot
 * inject markup. */
#include "policy-model.h"

#include <privpol/ropa.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- the emitter ------------------------------------------------------------------- */

struct doc {
    privpol_write_fn fn;
    void *payload;
    bool html;
    bool failed; /* the writer refused a piece: write nothing more */
    bool blank;  /* Markdown: a block ended; the next block starts after a blank line */
    const privpol_policy *pol;
};

static void
raw(struct doc *d, const char *s, size_t n)
{
    if (d->failed || n == 0)
        return;
    if (d->fn(s, n, d->payload) != 0)
        d->failed = true;
}

static void
raws(struct doc *d, const char *s)
{
    raw(d, s, strlen(s));
}

/* Text from the policy (or ours), escaped. HTML: the five characters that matter in
 * content and attributes. Markdown: the ASCII punctuation that starts or ends markup
 * (CommonMark lets any of it be backslash-escaped), '|' above all since cells are
 * separated by it; a line break would end a table row, so it becomes a space. Control
 * characters become spaces in both. */
static void
txt(struct doc *d, const char *s)
{
    static const char md_special[] = "\\`*_[]<>|#&~";
    size_t start = 0, i;
    for (i = 0; s[i] != '\0'; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *rep = NULL;
        char esc[3];
        if (c < 0x20 || c == 0x7f) {
            rep = d->html && (c == '\n' || c == '\t') ? NULL : " ";
            if (rep == NULL)
                continue;
        } else if (d->html) {
            switch (c) {
            case '&': rep = "&amp;"; break;
            case '<': rep = "&lt;"; break;
            case '>': rep = "&gt;"; break;
            case '"': rep = "&quot;"; break;
            case '\'': rep = "&#39;"; break;
            default: continue;
            }
        } else {
            if (strchr(md_special, c) == NULL)
                continue;
            esc[0] = '\\';
            esc[1] = (char)c;
            esc[2] = '\0';
            rep = esc;
        }
        raw(d, s + start, i - start);
        raws(d, rep);
        start = i + 1;
    }
    raw(d, s + start, i - start);
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
txtf(struct doc *d, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        buf[0] = '\0';
    txt(d, buf);
}

/* An id or a term: a code span. Ids of the policy are [a-z0-9_.-], vocabulary terms
 * never hold a backtick; anything that does is written as plain text. */
static void
code(struct doc *d, const char *s)
{
    if (d->html) {
        raws(d, "<code>");
        txt(d, s);
        raws(d, "</code>");
        return;
    }
    if (strchr(s, '`') != NULL || strchr(s, '\n') != NULL) {
        txt(d, s);
        return;
    }
    raws(d, "`");
    for (const char *p = s; *p != '\0'; p++) { /* GFM: \| is a pipe inside a cell */
        if (*p == '|')
            raws(d, "\\|");
        else
            raw(d, p, 1);
    }
    raws(d, "`");
}

/* " (CLAUSE)": the clause an item comes from. */
static void
cite(struct doc *d, const char *clause)
{
    if (clause == NULL)
        return;
    raws(d, d->html ? " <span class=\"clause\">(" : " (");
    txt(d, clause);
    raws(d, d->html ? ")</span>" : ")");
}

/* Markdown blocks are separated by one blank line, written when the next block starts
 * so that the text ends with a single newline. */
static void
block(struct doc *d)
{
    if (d->blank && !d->html)
        raws(d, "\n");
    d->blank = false;
}

static void
end_block(struct doc *d)
{
    raws(d, "\n");
    d->blank = true;
}

static void
h_open(struct doc *d, int level)
{
    static const char hashes[] = "######";
    block(d);
    if (d->html) {
        char tag[8];
        snprintf(tag, sizeof tag, "<h%d>", level);
        raws(d, tag);
    } else {
        raw(d, hashes, (size_t)level);
        raws(d, " ");
    }
}

static void
h_close(struct doc *d, int level)
{
    if (d->html) {
        char tag[8];
        snprintf(tag, sizeof tag, "</h%d>", level);
        raws(d, tag);
    }
    end_block(d);
}

/* A heading of our own words (no policy text). */
static void
heading(struct doc *d, int level, const char *title, const char *clause)
{
    h_open(d, level);
    txt(d, title);
    cite(d, clause);
    h_close(d, level);
}

static void
p_open(struct doc *d)
{
    block(d);
    if (d->html)
        raws(d, "<p>");
}

static void
p_close(struct doc *d)
{
    if (d->html)
        raws(d, "</p>");
    end_block(d);
}

static void
ul_open(struct doc *d)
{
    block(d);
    if (d->html)
        raws(d, "<ul>\n");
}

static void
li_open(struct doc *d)
{
    raws(d, d->html ? "<li>" : "- ");
}

static void
li_close(struct doc *d)
{
    raws(d, d->html ? "</li>\n" : "\n");
}

static void
ul_close(struct doc *d)
{
    if (d->html)
        raws(d, "</ul>\n");
    d->blank = true;
}

/* A table with its header row; headers is NULL-terminated. */
static void
table_open(struct doc *d, const char *const *headers)
{
    size_t i;
    block(d);
    raws(d, d->html ? "<table>\n<thead><tr>" : "|");
    for (i = 0; headers[i] != NULL; i++) {
        raws(d, d->html ? "<th>" : " ");
        txt(d, headers[i]);
        raws(d, d->html ? "</th>" : " |");
    }
    if (d->html) {
        raws(d, "</tr></thead>\n<tbody>\n");
        return;
    }
    raws(d, "\n|");
    while (i-- > 0)
        raws(d, " --- |");
    raws(d, "\n");
}

static void
row_open(struct doc *d)
{
    raws(d, d->html ? "<tr><td>" : "| ");
}

static void
cell(struct doc *d) /* ends a cell and starts the next */
{
    raws(d, d->html ? "</td><td>" : " | ");
}

static void
row_close(struct doc *d)
{
    raws(d, d->html ? "</td></tr>\n" : " |\n");
}

static void
table_close(struct doc *d)
{
    if (d->html)
        raws(d, "</tbody>\n</table>\n");
    d->blank = true;
}

/* A row of a two-column table: a label of ours, then a text of the policy with its
 * clause. */
static void
kv(struct doc *d, const char *label, const char *value, const char *clause)
{
    if (value == NULL)
        return;
    row_open(d);
    txt(d, label);
    cell(d);
    txt(d, value);
    cite(d, clause);
    row_close(d);
}

/* ---- values ------------------------------------------------------------------------ */

static const char *const kv_headers[] = {"Item", "Value", NULL};

/* A date alone when the instant is midnight UTC (as policies write them). */
static void
date(struct doc *d, int64_t t)
{
    char s[PRIVPOL_TIME_TEXT_SIZE];
    size_t n;
    if (privpol_time_format(t, s, &(size_t){sizeof s}, NULL) != PRIVPOL_OK) {
        txt(d, "?");
        return;
    }
    n = strlen(s);
    if (n == 20 && strcmp(s + 10, "T00:00:00Z") == 0)
        s[10] = '\0';
    txt(d, s);
}

static void
duration(struct doc *d, const privpol_duration *p)
{
    char s[PRIVPOL_DURATION_TEXT_SIZE];
    if (privpol_duration_format(p, s, &(size_t){sizeof s}, NULL) != PRIVPOL_OK)
        snprintf(s, sizeof s, "?");
    code(d, s);
}

static bool
duration_zero(const privpol_duration *p)
{
    return p->years == 0 && p->months == 0 && p->days == 0 && p->seconds == 0;
}

/* "`a`, `b`" for a category set; "none" when empty. */
static void
categories(struct doc *d, privpol__catset set)
{
    bool first = true;
    for (size_t c = 0; c < privpol_category_count(); c++) {
        if (!(set & PRIVPOL_CAT_BIT(c)))
            continue;
        if (!first)
            txt(d, ", ");
        code(d, privpol_category_id(c));
        first = false;
    }
    if (first)
        txt(d, "none");
}

/* The record lists the controller first. */
static const privpol_role role_order[2] = {PRIVPOL_ROLE_CONTROLLER,
                                           PRIVPOL_ROLE_PROCESSOR};

static void
role_list(struct doc *d, unsigned roles)
{
    bool first = true;
    for (size_t i = 0; i < 2; i++) {
        if (!(roles & PRIVPOL__BIT(role_order[i])))
            continue;
        if (!first)
            txt(d, ", ");
        txt(d, privpol_role_name(role_order[i]));
        first = false;
    }
}

/* ---- 1. the controller ------------------------------------------------------------- */

static void
controller(struct doc *d)
{
    const privpol_policy *pol = d->pol;
    const struct privpol__policy_organization *org = &pol->organization;
    const struct privpol__policy_contract *ct = &pol->contract;

    heading(d, 2, "1. Controller", org->present ? org->clause : NULL);
    table_open(d, kv_headers);
    if (org->present) {
        kv(d, "Name", org->name, NULL);
        kv(d, "Address", org->address, NULL);
        kv(d, "Contact", org->email, NULL);
        kv(d, "Data protection officer", org->dpo, NULL);
        kv(d, "Website", org->website, NULL);
    }
    row_open(d);
    txt(d, "Policy");
    cell(d);
    code(d, pol->id);
    txt(d, ", version ");
    txt(d, pol->version);
    if (pol->title != NULL) {
        txt(d, ": ");
        txt(d, pol->title);
    }
    row_close(d);
    kv(d, "Source", pol->source, NULL);
    kv(d, "Supplements",
       pol->supplements_allowed ? "customers may add supplements" : "not allowed",
       pol->supplements_clause);
    if (pol->tenant != NULL) {
        row_open(d);
        txt(d, "Customer (tenant)");
        cell(d);
        code(d, pol->tenant);
        if (pol->supplement_version != NULL) {
            txt(d, ", supplement version ");
            txt(d, pol->supplement_version);
        }
        if (pol->supplement_reference != NULL) {
            txt(d, ", ");
            txt(d, pol->supplement_reference);
        }
        row_close(d);
    }
    if (ct->present) {
        row_open(d);
        txt(d, "Contract");
        cell(d);
        if (ct->has_period) {
            txt(d, "retention period ");
            duration(d, &ct->period);
        }
        if (ct->has_end) {
            txt(d, ct->has_period ? ", ends " : "ends ");
            date(d, ct->end);
        }
        cite(d, ct->clause);
        row_close(d);
    }
    table_close(d);
}

/* ---- 2. roles and subjects --------------------------------------------------------- */

/* Operations of a set, grouped by the clause that allows (or denies) them:
 * "collect, record (§9.1); analyze (§7.3, §7.4)". */
static void
operations(struct doc *d, privpol_role role, unsigned set)
{
    const struct privpol__policy_operations *ops = &d->pol->operations[role];
    unsigned done = 0;
    bool first_group = true;
    for (unsigned o = 0; o < PRIVPOL__OPERATION_COUNT; o++) {
        const char *clause = ops->clause[o];
        bool first = true;
        if (!(set & PRIVPOL__BIT(o)) || (done & PRIVPOL__BIT(o)))
            continue;
        if (!first_group)
            txt(d, "; ");
        first_group = false;
        for (unsigned q = o; q < PRIVPOL__OPERATION_COUNT; q++) {
            const char *cq = ops->clause[q];
            if (!(set & PRIVPOL__BIT(q)) || (done & PRIVPOL__BIT(q)))
                continue;
            if (cq != clause && (cq == NULL || clause == NULL || strcmp(cq, clause) != 0))
                continue;
            if (!first)
                txt(d, ", ");
            code(d, privpol_operation_name((privpol_operation)q));
            done |= PRIVPOL__BIT(q);
            first = false;
        }
        cite(d, clause);
    }
    if (first_group)
        txt(d, "none");
}

static void
roles_and_subjects(struct doc *d)
{
    static const char *const role_headers[] = {"Role", "Description", "Operations",
                                                "Denied", NULL};
    static const char *const subject_headers[] = {"Subject", "Met as", "Description",
                                                   NULL};
    const privpol_policy *pol = d->pol;

    heading(d, 2, "2. Roles and data subjects", NULL);
    table_open(d, role_headers);
    for (size_t i = 0; i < 2; i++) {
        privpol_role role = role_order[i];
        const struct privpol__policy_role *r = &pol->roles[role];
        if (!r->present)
            continue;
        row_open(d);
        txt(d, privpol_role_name(role));
        cite(d, r->clause);
        cell(d);
        if (r->description != NULL)
            txt(d, r->description);
        cell(d);
        operations(d, role, pol->operations[role].allowed);
        cell(d);
        if (pol->operations[role].denied != 0)
            operations(d, role, pol->operations[role].denied);
        row_close(d);
    }
    table_close(d);
    table_open(d, subject_headers);
    for (unsigned s = 0; s < PRIVPOL__SUBJECT_COUNT; s++) {
        const struct privpol__policy_subject *sub = &pol->subjects[s];
        if (!sub->present)
            continue;
        row_open(d);
        code(d, privpol_subject_name((privpol_subject)s));
        cite(d, sub->clause);
        cell(d);
        role_list(d, sub->roles);
        cell(d);
        if (sub->description != NULL)
            txt(d, sub->description);
        row_close(d);
    }
    table_close(d);
}

/* ---- 3. processing activities ------------------------------------------------------ */

/* How a retention rule keeps a category, with its clause and id. */
static void
retention_text(struct doc *d, const struct privpol__policy_retention *r, bool with_id)
{
    switch (r->basis) {
    case PRIVPOL__RETAIN_CONTRACT:
        txt(d, "contract period from collection");
        break;
    case PRIVPOL__RETAIN_RELATIONSHIP:
        txt(d, "until the end of the relationship");
        if (r->has_period && !duration_zero(&r->period)) {
            txt(d, " + ");
            duration(d, &r->period);
        }
        break;
    case PRIVPOL__RETAIN_UNTIL_CHANGED:
        txt(d, "until changed or deleted, at most ");
        if (r->period_is_contract)
            txt(d, "the contract period");
        else if (r->has_period)
            duration(d, &r->period);
        txt(d, " from collection");
        break;
    case PRIVPOL__RETAIN_ANONYMIZE_NOW:
        txt(d, "anonymized at collection");
        break;
    case PRIVPOL__RETAIN_FIXED:
        if (r->has_period)
            duration(d, &r->period);
        txt(d, " from collection");
        break;
    }
    if (r->capped_by_contract_end && r->basis != PRIVPOL__RETAIN_ANONYMIZE_NOW)
        txt(d, ", never beyond the contract's end");
    cite(d, r->clause);
    if (with_id) {
        txt(d, "; rule ");
        code(d, r->id);
    }
}

/* The tenant's contract (§10.1), which bounds every retention of its data. */
static void
contract_terms(struct doc *d)
{
    const struct privpol__policy_contract *ct = &d->pol->contract;
    if (!ct->present) {
        txt(d, " The contract period comes from each customer's contract.");
        return;
    }
    txt(d, " Contract:");
    if (ct->has_period) {
        txt(d, " retention period ");
        duration(d, &ct->period);
    }
    if (ct->has_end) {
        txt(d, ct->has_period ? ", ends " : " ends ");
        date(d, ct->end);
    }
    cite(d, ct->clause);
    txt(d, ".");
}

static void
purpose(struct doc *d, size_t index)
{
    static const char *const cat_headers[] = {"Category", "fideslang", "DPV", "Retention",
                                              NULL};
    const privpol_policy *pol = d->pol;
    const struct privpol__policy_purpose *p = &pol->purposes[index];
    bool first = true;

    h_open(d, 4);
    code(d, p->id);
    cite(d, p->clause);
    h_close(d, 4);
    if (p->description != NULL) {
        p_open(d);
        txt(d, p->description);
        p_close(d);
    }
    table_open(d, kv_headers);
    row_open(d);
    txt(d, "Role");
    cell(d);
    txt(d, privpol_role_name(p->role));
    cite(d, pol->roles[p->role].clause);
    row_close(d);
    if (p->from_supplement) {
        row_open(d);
        txt(d, "Added by");
        cell(d);
        txt(d, "the supplement of customer ");
        code(d, pol->tenant != NULL ? pol->tenant : "?");
        row_close(d);
    }
    row_open(d);
    txt(d, "Data subjects");
    cell(d);
    for (unsigned s = 0; s < PRIVPOL__SUBJECT_COUNT; s++) {
        if (!(p->subjects & PRIVPOL__BIT(s)))
            continue;
        if (!first)
            txt(d, ", ");
        code(d, privpol_subject_name((privpol_subject)s));
        cite(d, pol->subjects[s].clause);
        first = false;
    }
    row_close(d);
    row_open(d);
    txt(d, "Operations");
    cell(d);
    operations(d, p->role, p->operations);
    row_close(d);
    if (p->objection != NULL)
        kv(d, "Right to object", "yes: processing for this purpose stops after an "
                                 "objection",
           p->objection);
    if (p->anonymize != NULL)
        kv(d, "Anonymization", "as soon as possible", p->anonymize);
    table_close(d);

    table_open(d, cat_headers);
    for (size_t c = 0; c < privpol_category_count(); c++) {
        const struct privpol__policy_retention *r;
        const char *term;
        if (!(p->categories & PRIVPOL_CAT_BIT(c)))
            continue;
        row_open(d);
        code(d, privpol_category_id(c));
        cell(d);
        if ((term = privpol_category_fideslang(c)) != NULL)
            code(d, term);
        cell(d);
        if ((term = privpol_category_dpv(c)) != NULL)
            code(d, term);
        cell(d);
        if ((r = privpol__policy_retention_rule(pol, index, c)) != NULL)
            retention_text(d, r, true);
        else
            txt(d, "no rule");
        row_close(d);
    }
    table_close(d);
}

static void
activities(struct doc *d)
{
    const privpol_policy *pol = d->pol;
    heading(d, 2, "3. Processing activities", NULL);
    for (size_t i = 0; i < 2; i++) {
        privpol_role role = role_order[i];
        bool any = false;
        h_open(d, 3);
        if (role == PRIVPOL_ROLE_CONTROLLER) {
            txt(d, "3.1 As controller");
        } else if (pol->tenant != NULL) {
            txt(d, "3.2 As processor, on behalf of customer ");
            code(d, pol->tenant);
        } else {
            txt(d, "3.2 As processor, on behalf of customers");
        }
        cite(d, pol->roles[role].present ? pol->roles[role].clause : NULL);
        h_close(d, 3);
        if (role == PRIVPOL_ROLE_PROCESSOR && pol->roles[role].present) {
            p_open(d);
            txt(d, pol->tenant != NULL
                       ? "Each customer (tenant) is the controller of its users' data; "
                         "the purposes below are the policy's and this customer's."
                       : "Each customer (tenant) is the controller of its users' data; "
                         "a customer's supplement adds its own purposes and contract "
                         "terms.");
            contract_terms(d);
            p_close(d);
        }
        for (size_t p = 0; p < pol->purpose_count; p++) {
            if (pol->purposes[p].role != role)
                continue;
            purpose(d, p);
            any = true;
        }
        if (!any) {
            p_open(d);
            txt(d, "No purpose under this role.");
            p_close(d);
        }
    }
}

/* ---- 4. categories, 5. retention rules --------------------------------------------- */

static void
category_section(struct doc *d)
{
    static const char *const headers[] = {"Category", "Identifiability alone",
                                          "fideslang", "DPV", "Collected under", NULL};
    const privpol_policy *pol = d->pol;
    const struct privpol__policy_geolocation *g = &pol->geolocation;

    heading(d, 2, "4. Categories of personal data", NULL);
    for (size_t i = 0; i < 2; i++) {
        privpol_role role = role_order[i];
        const struct privpol__policy_categories *cs = &pol->categories[role];
        if (!pol->roles[role].present)
            continue;
        h_open(d, 3);
        txt(d, "Collected as ");
        txt(d, privpol_role_name(role));
        h_close(d, 3);
        table_open(d, headers);
        for (size_t c = 0; c < privpol_category_count(); c++) {
            const char *term;
            if (!(cs->allowed & PRIVPOL_CAT_BIT(c)))
                continue;
            row_open(d);
            code(d, privpol_category_id(c));
            cell(d);
            code(d, privpol_identifiability_name(privpol_category_identifiability(c)));
            cell(d);
            if ((term = privpol_category_fideslang(c)) != NULL)
                code(d, term);
            cell(d);
            if ((term = privpol_category_dpv(c)) != NULL)
                code(d, term);
            cell(d);
            if (cs->clause[c] != NULL)
                txt(d, cs->clause[c]);
            row_close(d);
        }
        table_close(d);
    }
    p_open(d);
    txt(d, "Geolocation: ");
    if (!g->precise && !g->imprecise) {
        txt(d, "not collected, neither precise nor imprecise");
        cite(d, g->clause);
    } else {
        txt(d, g->precise && g->imprecise ? "precise and imprecise"
               : g->precise               ? "precise"
                                          : "imprecise");
        txt(d, " collected for the customer");
        if (d->pol->tenant != NULL) {
            txt(d, " ");
            code(d, d->pol->tenant);
        }
        cite(d, g->enable_clause);
        txt(d, ", lifting the default prohibition");
        cite(d, g->clause);
    }
    txt(d, ". Any category a role does not collect is refused.");
    p_close(d);
}

static void
purpose_list(struct doc *d, const struct privpol__policy_retention *r)
{
    bool first = true;
    if (r->all_purposes) {
        txt(d, "all");
        return;
    }
    for (size_t p = 0; p < d->pol->purpose_count; p++) {
        if (!(r->purposes & PRIVPOL__PURPOSE_BIT(p)))
            continue;
        if (!first)
            txt(d, ", ");
        code(d, d->pol->purposes[p].id);
        first = false;
    }
}

static void
retention_section(struct doc *d)
{
    static const char *const headers[] = {"Rule", "Role", "Purposes", "Categories",
                                          "Retention", NULL};
    const privpol_policy *pol = d->pol;

    heading(d, 2, "5. Retention rules", NULL);
    p_open(d);
    txt(d, "For each category of a purpose the most specific rule applies (see the "
           "activities above). Months are counted as in Regulation (EEC, Euratom) No "
           "1182/71, in UTC; a legal hold extends a retention only when stated "
           "explicitly.");
    p_close(d);
    table_open(d, headers);
    for (size_t i = 0; i < pol->retention_count; i++) {
        const struct privpol__policy_retention *r = &pol->retention[i];
        row_open(d);
        code(d, r->id);
        cell(d);
        txt(d, privpol_role_name(r->role));
        cell(d);
        purpose_list(d, r);
        cell(d);
        if (r->all_categories)
            txt(d, "all");
        else
            categories(d, r->categories);
        cell(d);
        code(d, privpol__retention_basis_name(r->basis));
        txt(d, ": ");
        retention_text(d, r, false);
        row_close(d);
    }
    table_close(d);
}

/* ---- 6. recipients ----------------------------------------------------------------- */

static void
recipients(struct doc *d)
{
    static const char *const headers[] = {"Recipient", "Data of", "Conditions",
                                          "Most identifying data", "Categories",
                                          "Description", NULL};
    static const char *const partner_headers[] = {"Partner", "Kind", "Data of",
                                                  "Purposes", "Categories", "Country",
                                                  "Safeguard", NULL};
    const privpol_policy *pol = d->pol;

    heading(d, 2, "6. Recipients", NULL);
    table_open(d, headers);
    for (size_t i = 0; i < pol->recipient_count; i++) {
        const struct privpol__policy_recipient *r = &pol->recipients[i];
        bool first = true;
        row_open(d);
        code(d, privpol_recipient_name(r->recipient));
        cite(d, r->clause);
        cell(d);
        role_list(d, r->roles);
        cell(d);
        for (unsigned c = 0; c < PRIVPOL__CONDITION_COUNT; c++) {
            if (!(r->requires & PRIVPOL__BIT(c)))
                continue;
            if (!first)
                txt(d, ", ");
            code(d, privpol__condition_name((enum privpol__condition)c));
            first = false;
        }
        cell(d);
        code(d, privpol_identifiability_name(r->max_level));
        cell(d);
        if (r->has_categories)
            categories(d, r->categories);
        else
            txt(d, "those of the purpose");
        cell(d);
        if (r->description != NULL)
            txt(d, r->description);
        row_close(d);
    }
    table_close(d);

    heading(d, 3, "Named partners", NULL);
    if (pol->partner_count == 0) {
        p_open(d);
        txt(d, "The policy names no partner.");
        p_close(d);
        return;
    }
    table_open(d, partner_headers);
    for (size_t i = 0; i < pol->partner_count; i++) {
        const struct privpol__policy_partner *pt = &pol->partners[i];
        bool first = true;
        row_open(d);
        code(d, pt->id);
        if (pt->name != NULL) {
            txt(d, ": ");
            txt(d, pt->name);
        }
        if (pt->description != NULL) {
            txt(d, ". ");
            txt(d, pt->description);
        }
        cite(d, pt->clause);
        if (pt->from_supplement)
            txt(d, ", named by the customer");
        cell(d);
        code(d, privpol_recipient_name(pt->recipient));
        cell(d);
        txt(d, privpol_role_name(pt->role));
        cell(d);
        for (size_t p = 0; p < pol->purpose_count; p++) {
            if (!(pt->purposes & PRIVPOL__PURPOSE_BIT(p)))
                continue;
            if (!first)
                txt(d, ", ");
            code(d, pol->purposes[p].id);
            first = false;
        }
        cell(d);
        categories(d, pt->categories);
        cell(d);
        txt(d, pt->country);
        cell(d);
        txt(d, privpol_safeguard_name(pt->safeguard));
        row_close(d);
    }
    table_close(d);
}

/* ---- 7. transfers ------------------------------------------------------------------ */

static void
country_list(struct doc *d, bool eea)
{
    const struct privpol__policy_locations *l = &d->pol->locations;
    bool first = true;
    for (size_t i = 0; i < l->country_count; i++) {
        if (l->countries[i].eea != eea)
            continue;
        if (!first)
            txt(d, ", ");
        txt(d, l->countries[i].code);
        first = false;
    }
}

/* Where a partner's data goes, and on which ground when outside the EEA. */
static void
partner_transfer(struct doc *d, const struct privpol__policy_partner *pt)
{
    const struct privpol__policy_locations *l = &d->pol->locations;
    const struct privpol__policy_country *c =
        privpol__policy_country(d->pol, pt->country);
    li_open(d);
    code(d, pt->id);
    txt(d, " in ");
    txt(d, pt->country);
    txt(d, ": ");
    if (c != NULL && c->eea) {
        txt(d, "inside the EU/EEA");
        cite(d, l->eea_clause);
    } else if (pt->safeguard != PRIVPOL_SAFEGUARD_NONE) {
        txt(d, "safeguard ");
        code(d, privpol_safeguard_name(pt->safeguard));
        cite(d, l->safeguard_clause[pt->safeguard]);
    } else if (c != NULL && c->adequacy) {
        txt(d, c->partial ? "partial adequacy decision" : "adequacy decision");
        cite(d, l->adequacy_clause);
    } else {
        txt(d, "no ground recorded");
    }
    li_close(d);
}

static void
transfers(struct doc *d)
{
    static const char *const headers[] = {"Country", "Decision", "From", "Until",
                                          "Scope", NULL};
    const privpol_policy *pol = d->pol;
    const struct privpol__policy_locations *l = &pol->locations;
    bool any = false;

    heading(d, 2, "7. Transfers and processing location", NULL);
    ul_open(d);
    li_open(d);
    txt(d, "Processing stays in the EU/EEA; data centres in ");
    for (size_t i = 0; i < l->data_center_count; i++) {
        if (i > 0)
            txt(d, ", ");
        txt(d, l->data_centers[i]);
    }
    cite(d, l->processing_clause);
    li_close(d);
    li_open(d);
    txt(d, "EU/EEA members: ");
    country_list(d, true);
    cite(d, l->eea_clause);
    li_close(d);
    li_open(d);
    txt(d, "A transfer outside the EU/EEA needs an adequacy decision in force at the "
           "time of the transfer, or a safeguard");
    cite(d, l->transfer_clause);
    li_close(d);
    for (unsigned s = 1; s < PRIVPOL__SAFEGUARD_COUNT; s++) {
        if (l->safeguard_clause[s] == NULL)
            continue;
        li_open(d);
        txt(d, "Safeguard accepted: ");
        txt(d, s == PRIVPOL_SAFEGUARD_SCC ? "standard contractual clauses"
                                          : "binding corporate rules");
        txt(d, " (");
        code(d, privpol_safeguard_name((privpol_safeguard)s));
        txt(d, ")");
        cite(d, l->safeguard_clause[s]);
        li_close(d);
    }
    ul_close(d);

    heading(d, 3, "Adequacy decisions", l->adequacy_clause);
    table_open(d, headers);
    for (size_t i = 0; i < l->country_count; i++) {
        const struct privpol__policy_country *c = &l->countries[i];
        if (!c->adequacy)
            continue;
        row_open(d);
        txt(d, c->code);
        cell(d);
        if (c->decision != NULL)
            txt(d, c->decision);
        cell(d);
        date(d, c->adequacy_from);
        cell(d);
        if (c->adequacy_until != INT64_MAX)
            date(d, c->adequacy_until);
        cell(d);
        txt(d, c->partial ? "partial" : "whole country");
        if (c->note != NULL) {
            txt(d, ": ");
            txt(d, c->note);
        }
        row_close(d);
    }
    table_close(d);
    p_open(d);
    txt(d, "A decision applies from its date; an end date is exclusive.");
    p_close(d);

    heading(d, 3, "Transfers to named partners", NULL);
    ul_open(d);
    for (size_t i = 0; i < pol->partner_count; i++) {
        const struct privpol__policy_country *c =
            privpol__policy_country(pol, pol->partners[i].country);
        if (c != NULL && c->eea)
            continue;
        partner_transfer(d, &pol->partners[i]);
        any = true;
    }
    if (!any) {
        li_open(d);
        txt(d, "None: no named partner is outside the EU/EEA.");
        li_close(d);
    }
    ul_close(d);
}

/* ---- 8. rights --------------------------------------------------------------------- */

static void
rights(struct doc *d)
{
    static const char *const headers[] = {"Right", "Clause", NULL};
    const struct privpol__policy_rights *rt = &d->pol->rights;

    heading(d, 2, "8. Rights of the data subject", rt->clause);
    table_open(d, headers);
    for (unsigned r = 0; r < PRIVPOL__RIGHT_COUNT; r++) {
        if (rt->granted[r] == NULL)
            continue;
        row_open(d);
        code(d, privpol__right_name((enum privpol__right)r));
        cell(d);
        txt(d, rt->granted[r]);
        row_close(d);
    }
    table_close(d);
    ul_open(d);
    li_open(d);
    txt(d, "Answer within ");
    duration(d, &rt->answer);
    txt(d, " of receipt");
    if (!duration_zero(&rt->extension)) {
        txt(d, ", extendable by ");
        duration(d, &rt->extension);
    }
    cite(d, rt->deadline_clause);
    li_close(d);
    if (rt->contact != NULL) {
        li_open(d);
        txt(d, "Contact: ");
        txt(d, rt->contact);
        li_close(d);
    }
    li_open(d);
    txt(d, "Supervisory authority: ");
    txt(d, rt->authority);
    txt(d, " (");
    txt(d, rt->authority_country);
    txt(d, ")");
    if (rt->authority_website != NULL) {
        txt(d, ", ");
        txt(d, rt->authority_website);
    }
    cite(d, rt->complaint_clause);
    li_close(d);
    if (rt->identification != 0) {
        li_open(d);
        txt(d, "A requester is found by: ");
        categories(d, rt->identification);
        cite(d, rt->identification_clause);
        li_close(d);
    }
    ul_close(d);
}

/* ---- 9. security, 10. identifiability ---------------------------------------------- */

static void
security(struct doc *d)
{
    const struct privpol__policy_security *s = &d->pol->security;
    heading(d, 2, "9. Security measures", s->clause);
    if (s->clause == NULL || s->measure_count == 0) {
        p_open(d);
        txt(d, "The policy states no security measures.");
        p_close(d);
        return;
    }
    ul_open(d);
    for (size_t i = 0; i < s->measure_count; i++) {
        li_open(d);
        txt(d, s->measures[i]);
        li_close(d);
    }
    ul_close(d);
}

static void
identifiability(struct doc *d)
{
    static const char *const rot_headers[] = {"Category", "Rotation", NULL};
    static const char *const comb_headers[] = {"Rule", "All of", "Any of", "Level", NULL};
    const privpol_policy *pol = d->pol;
    const struct privpol__policy_pseudonymization *ps = &pol->pseudonymization;
    const struct privpol__policy_combination *cb = &pol->combination;

    heading(d, 2, "10. Pseudonymization, compartmentalization, combination", NULL);
    heading(d, 3, "Pseudonymization", ps->clause);
    ul_open(d);
    li_open(d);
    txt(d, ps->keys_kept_apart
               ? "The keys, the additional information, are kept apart from the data."
               : "The keys are not kept apart from the data.");
    li_close(d);
    li_open(d);
    txt(d, "Pseudonymous data with its key or a mapping is ");
    code(d, privpol_identifiability_name(ps->reidentification));
    txt(d, ".");
    li_close(d);
    if (ps->rotation_set == 0) {
        li_open(d);
        txt(d, "No pseudonym rotation is set: pseudonyms stay stable.");
        li_close(d);
    }
    ul_close(d);
    if (ps->rotation_set != 0) {
        table_open(d, rot_headers);
        for (size_t c = 0; c < privpol_category_count(); c++) {
            if (!(ps->rotation_set & PRIVPOL_CAT_BIT(c)))
                continue;
            row_open(d);
            code(d, privpol_category_id(c));
            cell(d);
            txt(d, privpol_period_name((privpol_period)ps->rotation[c]));
            cite(d, ps->rotation_clause[c]);
            row_close(d);
        }
        table_close(d);
    }

    heading(d, 3, "Compartmentalization", pol->compartmentalization.clause);
    p_open(d);
    txt(d, pol->compartmentalization.link_across_tenants
               ? "Data of different customers may be linked."
               : "One customer's data is never linked with another's.");
    p_close(d);

    heading(d, 3, "Combination", cb->clause);
    p_open(d);
    txt(d, "A combination of data is as identifying as its most identifying part");
    if (cb->personal_if_combined)
        txt(d, "; anything combined with personal data is personal");
    txt(d, ". The processor's data serves the controller's own purposes only when ");
    code(d, privpol_identifiability_name(pol->reuse.max_level));
    cite(d, pol->reuse.clause);
    txt(d, ".");
    p_close(d);
    if (cb->rule_count == 0)
        return;
    table_open(d, comb_headers);
    for (size_t i = 0; i < cb->rule_count; i++) {
        const struct privpol__policy_combination_rule *r = &cb->rules[i];
        row_open(d);
        code(d, r->id);
        cite(d, r->clause);
        if (r->description != NULL) {
            txt(d, ": ");
            txt(d, r->description);
        }
        cell(d);
        categories(d, r->all_of);
        cell(d);
        if (r->any_of != 0) {
            txtf(d, "at least %u of ", r->at_least);
            categories(d, r->any_of);
        }
        cell(d);
        code(d, privpol_identifiability_name(r->level));
        row_close(d);
    }
    table_close(d);
}

/* ---- the page ---------------------------------------------------------------------- */

static const char html_head[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<meta name=\"generator\" content=\"libprivpol\">\n<title>";
static const char html_style[] =
    "</title>\n<style>\n"
    "body{font-family:system-ui,-apple-system,\"Segoe UI\",sans-serif;line-height:1.45;"
    "color:#1d1d1f;max-width:78rem;margin:2rem auto;padding:0 1rem}\n"
    "h1{font-size:1.7rem}h2{margin-top:2.2rem;border-bottom:2px solid #d0d7de;"
    "padding-bottom:.2rem}h4{margin-bottom:.4rem}\n"
    "table{border-collapse:collapse;width:100%;margin:.4rem 0 1.2rem;font-size:.92rem}\n"
    "th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;"
    "vertical-align:top}\n"
    "th{background:#f3f5f7}tbody tr:nth-child(even){background:#fafbfc}\n"
    "code{font-family:ui-monospace,monospace;font-size:.88em;background:#f3f5f7;"
    "padding:0 .2em;border-radius:3px}\n"
    ".clause{color:#57606a;white-space:nowrap}\n"
    "@media print{body{max-width:none;margin:0}h2{break-after:avoid}}\n"
    "</style>\n</head>\n<body>\n";

static void
intro(struct doc *d)
{
    const privpol_policy *pol = d->pol;
    if (d->html) {
        raws(d, html_head);
        txt(d, "Record of processing activities: ");
        txt(d, pol->title != NULL ? pol->title : pol->id);
        if (pol->tenant != NULL) {
            txt(d, ", customer ");
            txt(d, pol->tenant);
        }
        raws(d, html_style);
    }
    h_open(d, 1);
    txt(d, "Record of processing activities");
    h_close(d, 1);
    p_open(d);
    txt(d, "GDPR Art. 30, generated by libprivpol ");
    txt(d, privpol_version_string());
    txt(d, " from the policy ");
    code(d, pol->id);
    txt(d, " version ");
    txt(d, pol->version);
    if (pol->tenant != NULL) {
        txt(d, " with the supplement of customer ");
        code(d, pol->tenant);
    }
    txt(d, ". Each item cites, in parentheses, the clause of the policy it comes from.");
    p_close(d);
}

privpol_status
privpol_ropa_write(const privpol_policy *policy, privpol_ropa_format format,
                   privpol_write_fn write, void *payload, privpol_error *err)
{
    struct doc d;
    if (policy == NULL || write == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if (format != PRIVPOL_ROPA_MARKDOWN && format != PRIVPOL_ROPA_HTML)
        return privpol__fail(err, PRIVPOL_EINVAL, "unknown format");
    d.fn = write;
    d.payload = payload;
    d.html = format == PRIVPOL_ROPA_HTML;
    d.failed = false;
    d.blank = false;
    d.pol = policy;

    intro(&d);
    controller(&d);
    roles_and_subjects(&d);
    activities(&d);
    category_section(&d);
    retention_section(&d);
    recipients(&d);
    transfers(&d);
    rights(&d);
    security(&d);
    identifiability(&d);
    if (d.html)
        raws(&d, "</body>\n</html>\n");
    if (d.failed)
        return privpol__fail(err, PRIVPOL_EIO, "the writer refused the output");
    privpol_error_clear(err);
    return PRIVPOL_OK;
}

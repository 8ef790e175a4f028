/* SPDX-License-Identifier: MIT */
/* Free-text scanner: privpol_scan(). re2c turns this file into scan.c at build time.
 *
 * One pass from left to right. A byte-class table skips what cannot begin a candidate
 * (white space, punctuation, the inside of words): a candidate only ever begins where a
 * word begins, never inside a run of letters and digits. At such a start the first byte
 * selects the matchers worth running (a digit: IPv4, IPv6, card, phone; '+': phone; an
 * upper-case letter: IBAN, title or cue of a name; ...). Each matcher is a DFA generated
 * by re2c that returns the longest text of its shape; it reads at most a fixed window
 * (YYPEEK returns 0 past the window, and no shape contains a NUL byte), so a start costs
 * O(1) whatever follows. The shape is then validated by the normalizers and checksums of
 * the library (privpol__phone_parse, privpol__card_ok, ...); a multi-group shape that
 * fails is retried without its last group a few times ("06 12 34 56 78 2025"). The
 * longest valid candidate wins at a start; context rules drop look-alikes (a number glued
 * to a unit or a currency, a fragment of a date or a version). When nothing is found the
 * scan resumes after the current word, so the work is linear in the input.
 *
 * Email addresses are found from their '@' instead, since any word could begin one: the
 * next '@' is located with memchr, its local part is read backwards (at most 64 bytes)
 * and its domain forwards with a DFA, once per '@'. The forward pass emits it when it
 * reaches the local part.
 *
 * Person names are only found where something announces them: a title (M., Mme,
 * Monsieur, Mr, Dr...), a greeting (Bonjour, Hello, Dear...) or a cue phrase (Appel de,
 * Échange avec, Spoke with...), followed by one to four capitalized words (accented
 * capitals, all-caps surnames, particles such as "Le Gall" or "da Silva"); or, at the
 * start of a sentence, two or more capitalized words followed by a verb of the
 * customer-care vocabulary or by an opening parenthesis. The span excludes the title.
 *
 * Bytes that are not UTF-8, and NUL bytes, are separators like any other punctuation:
 * every read is bounds-checked and no span ever contains them. */
#include "internal.h"
#include "phone.h"
#include "scan.h"

#include <string.h>

typedef unsigned char uchar;

/* Upper bounds of the text a matcher may read from a start (bytes). */
#define WIN_PHONE 32U  /* "+44 (0)20 7946 0958" is 19 */
#define WIN_CARD 24U   /* 19 digits and 4 separators */
#define WIN_IBAN 44U   /* 34 characters and 8 spaces */
#define WIN_IP 48U     /* INET6_ADDRSTRLEN */
#define WIN_DOMAIN 254U
#define WIN_CUE 24U
#define LOCAL_MAX 64U
#define TRIM_TRIES 4   /* shorter forms tried after a failed multi-group shape */
#define NAME_WORDS 4

/* Category indexes (src/category.c; the order is ABI). */
enum {
    CAT_NAME = 0,
    CAT_EMAIL = 1,
    CAT_PHONE = 2,
    CAT_IP = 5,
    CAT_CARD = 16,
    CAT_IBAN = 17
};

/* Confidence per rule: how often a match of that rule is what it claims on the
 * customer-care corpus and on look-alikes (see docs/matcher.md). */
#define CONF_EMAIL 0.99F
#define CONF_IBAN 0.99F
#define CONF_CARD 0.97F
#define CONF_IPV6 0.97F
#define CONF_IPV4 0.95F
#define CONF_PHONE_INTL 0.95F
#define CONF_PHONE_NATIONAL 0.85F
#define CONF_PHONE_OTHER_REGION 0.7F
#define CONF_NAME_TITLE 0.8F
#define CONF_NAME_CUE 0.75F
#define CONF_NAME_GREETING 0.7F
#define CONF_NAME_SENTENCE 0.6F

/* ---- byte classes ---------------------------------------------------------------- */

/* What a byte can begin, when it begins a word. */
enum {
    BC_SEP,   /* cannot begin a candidate: space, punctuation, invalid or stray bytes */
    BC_DIG,   /* 0-9 */
    BC_LOW,   /* g-z */
    BC_HEXL,  /* a-f */
    BC_UP,    /* G-Z */
    BC_HEXU,  /* A-F */
    BC_LEAD,  /* lead byte of a multi-byte UTF-8 letter (U+00C0-U+07FF, most of U+0800+) */
    BC_PLUS,  /* + */
    BC_COLON, /* : */
    BC_PAREN, /* ( */
    BC_AT     /* @: an email address around it */
};

#define S_ BC_SEP
#define D_ BC_DIG
#define L_ BC_LOW
#define l_ BC_HEXL
#define U_ BC_UP
#define u_ BC_HEXU
#define M_ BC_LEAD
static const uchar byte_class[256] = {
    S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, /* 0x00 */
    S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, /* 0x10 */
    S_, S_, S_, S_, S_, S_, S_, S_, BC_PAREN, S_, S_, BC_PLUS, S_, S_, S_, S_,
    D_, D_, D_, D_, D_, D_, D_, D_, D_, D_, BC_COLON, S_, S_, S_, S_, S_,
    BC_AT, u_, u_, u_, u_, u_, u_, U_, U_, U_, U_, U_, U_, U_, U_, U_, /* 0x40 */
    U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, S_, S_, S_, S_, S_, /* 0x50 */
    S_, l_, l_, l_, l_, l_, l_, L_, L_, L_, L_, L_, L_, L_, L_, L_, /* 0x60 */
    L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, S_, S_, S_, S_, S_, /* 0x70 */
    S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, /* 0x80 */
    S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, /* 0x90 */
    S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, /* 0xA0 */
    S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, /* 0xB0 */
    S_, S_, S_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, /* 0xC0: C2 is */
    M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, /* punctuation */
    M_, M_, S_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, /* E2: ’ € … */
    S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, /* 4-byte: emoji */
};
#undef S_
#undef D_
#undef L_
#undef l_
#undef U_
#undef u_
#undef M_

/* Bytes that continue a word: letters, digits, '_', UTF-8 letters (lead and
 * continuation bytes). A candidate never begins right after one of them, and a number
 * directly followed by one is not a candidate ("0612345678abc"). */
static const uchar word_byte[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x00 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x10 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x20 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, /* 0x30 */
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x40 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, /* 0x50 */
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x60 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, /* 0x70 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x80 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x90 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0xA0 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0xB0 */
    0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0xC0 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0xD0 */
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0xE0 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0xF0 */
};

/* Bytes of the local part of an email address as the scanner reads it: the usual
 * characters of real addresses, not the whole RFC 5322 atext (an apostrophe or a slash
 * before an address is far more often punctuation than part of it). */
static inline bool
local_byte(uchar c)
{
    return ((unsigned)(c - '0') < 10U) || ((unsigned)((c | 0x20) - 'a') < 26U) ||
           c == '.' || c == '_' || c == '-' || c == '+' || c == '%';
}

static inline bool
is_digit(uchar c)
{
    return (unsigned)(c - '0') < 10U;
}

static inline bool
is_hex(uchar c)
{
    return byte_class[c] == BC_DIG || byte_class[c] == BC_HEXL || byte_class[c] == BC_HEXU;
}

static inline bool
is_alnum(uchar c)
{
    return is_digit(c) || (unsigned)((c | 0x20) - 'a') < 26U;
}

static inline bool
is_upper_ascii(uchar c)
{
    return (unsigned)(c - 'A') < 26U;
}

/* True when the byte at e continues the word before it: a letter, a digit, '_', or a
 * UTF-8 letter (a lead byte followed by a continuation byte; a stray byte of invalid
 * UTF-8 does not glue). */
static inline bool
glued(const uchar *s, size_t e, size_t n)
{
    uchar c;
    if (e >= n || !word_byte[c = s[e]])
        return false;
    if (c < 0x80)
        return true;
    return c >= 0xC0 && e + 1 < n && (s[e + 1] & 0xC0) == 0x80;
}

/* ---- matchers (re2c) --------------------------------------------------------------
 *
 * Each returns the end of the longest text of its shape beginning at p, or p. They
 * read [p, lim) only; the caller makes lim at most a window past p. */

/*!re2c
    re2c:api = custom;
    re2c:api:style = free-form;
    re2c:yyfill:enable = 0;
    re2c:define:YYCTYPE = "uchar";
    re2c:define:YYPEEK = "(cur < lim ? *cur : 0U)";
    re2c:define:YYSKIP = "++cur;";
    re2c:define:YYBACKUP = "mar = cur;";
    re2c:define:YYRESTORE = "cur = mar;";
    re2c:indent:string = "    ";

    d     = [0-9];
    hex   = [0-9a-fA-F];
    alnum = [0-9a-zA-Z];
    sp    = " "+;

    octet = d | [1-9] d | "1" d d | "2" [0-4] d | "25" [0-5];
    ipv4  = octet "." octet "." octet "." octet;

    h16   = hex{1,4};
    ls32  = h16 ":" h16 | ipv4;
    ipv6  =                              (h16 ":"){6} ls32
          |                         "::" (h16 ":"){5} ls32
          | (                h16)?  "::" (h16 ":"){4} ls32
          | ((h16 ":"){0,1} h16)?   "::" (h16 ":"){3} ls32
          | ((h16 ":"){0,2} h16)?   "::" (h16 ":"){2} ls32
          | ((h16 ":"){0,3} h16)?   "::"  h16 ":"     ls32
          | ((h16 ":"){0,4} h16)?   "::"              ls32
          | ((h16 ":"){0,5} h16)?   "::"              h16
          | ((h16 ":"){0,6} h16)?   "::";

    card  = d{12,19}
          | d{4} (" " d{4}){2,3} (" " d{1,4})?
          | d{4} ("-" d{4}){2,3} ("-" d{1,4})?
          | d{4} " " d{6} " " d{4,5}
          | d{4} "-" d{6} "-" d{4,5};

    ibanc = [A-Z0-9];
    iban  = [A-Z]{2} d{2} (ibanc{11,30} | (" " ibanc{4}){2,7} (" " ibanc{1,4})?);

    psep  = [ .\-];
    pgrp  = "(" d{1,5} ")";
    phone = ("+" d+ | d+ | pgrp psep? d+) ((psep | psep? pgrp psep?) d+)*;

    label  = alnum ([a-zA-Z0-9\-]* alnum)?;
    domain = (label ".")+ [a-zA-Z] ([a-zA-Z0-9\-]* alnum)?;
*/

static const uchar *
match_ipv4(const uchar *p, const uchar *lim)
{
    const uchar *cur = p, *mar = p;
    (void)mar;
    /*!re2c
        ipv4 { return cur; }
        *    { return p; }
    */
}

static const uchar *
match_ipv6(const uchar *p, const uchar *lim)
{
    const uchar *cur = p, *mar = p;
    (void)mar;
    /*!re2c
        ipv6 { return cur; }
        *    { return p; }
    */
}

static const uchar *
match_card(const uchar *p, const uchar *lim)
{
    const uchar *cur = p, *mar = p;
    (void)mar;
    /*!re2c
        card { return cur; }
        *    { return p; }
    */
}

static const uchar *
match_iban(const uchar *p, const uchar *lim)
{
    const uchar *cur = p, *mar = p;
    (void)mar;
    /*!re2c
        iban { return cur; }
        *    { return p; }
    */
}

static const uchar *
match_phone(const uchar *p, const uchar *lim)
{
    const uchar *cur = p, *mar = p;
    (void)mar;
    /*!re2c
        phone { return cur; }
        *     { return p; }
    */
}

static const uchar *
match_domain(const uchar *p, const uchar *lim)
{
    const uchar *cur = p, *mar = p;
    (void)mar;
    /*!re2c
        domain { return cur; }
        *      { return p; }
    */
}

enum cue { CUE_NONE, CUE_TITLE, CUE_GREETING, CUE_PHRASE };

/* At a word start: a title, greeting or cue phrase and the spaces after it, with *end
 * past them; or CUE_NONE with *end at the end of the word. Either way the word is read
 * once, so this is also how the scan steps over ordinary words. */
static enum cue
match_word(const uchar *p, const uchar *lim, const uchar **end)
{
    const uchar *cur = p, *mar = p;
    (void)mar;
    /*!re2c
        title = "M." | "Mme" "."? | "Mlle" "."? | "Mr" "."? | "Mrs" "."? | "Ms" "."?
              | "Dr" "."? | "Me" | "Pr" "."? | "Miss" | "Monsieur" | "Madame"
              | "Mademoiselle" | "Docteur" | "Professeur"
              | "monsieur" | "madame" | "mademoiselle" | "docteur";
        greeting = "Bonjour" | "Bonsoir" | "Salut" | "Cher" | "Ch\xC3\xA8re" | "Hello"
                 | "Hi" | "Hey" | "Dear" | "bonjour" | "bonsoir";
        phrase = ("Appel" | "appel") " de"
               | ("Appel" | "appel") " entrant de"
               | ("\xC3\x89" | "\xC3\xA9" | "E" | "e") "change avec"
               | ("Entretien" | "entretien") " avec"
               | ("Rendez-vous" | "rendez-vous" | "RDV") " avec"
               | ("Message" | "message") " de"
               | "de la part de" | "au nom de" | "pour le compte de"
               | "parl\xC3\xA9" " avec" | "Parl\xC3\xA9" " avec"
               | ("Spoke" | "spoke" | "Talked" | "talked" | "Spoken" | "spoken")
                 (" with" | " to")
               | ("Call" | "call" | "Message" | "message" | "Email" | "email") " from"
               | ("On" | "on") " behalf of";

        wordc = [0-9A-Za-z_\x80-\xBF\xC3-\xDF\xE0\xE1\xE3-\xEF];

        title sp          { *end = cur; return CUE_TITLE; }
        greeting ","? sp  { *end = cur; return CUE_GREETING; }
        phrase sp         { *end = cur; return CUE_PHRASE; }
        wordc+            { *end = cur; return CUE_NONE; }
        *                 { *end = cur; return CUE_NONE; }
    */
}

/* A verb that, after capitalized words at the start of a sentence, says they name
 * someone: "Isabelle Benali appelle pour sa facture". */
static bool
match_name_verb(const uchar *p, const uchar *lim)
{
    const uchar *cur = p, *mar = p;
    (void)mar;
    /*!re2c
        verb = "appelle" | "demande" | "souhaite" | "signale" | "rappelle" | "conteste"
             | "r\xC3\xA9" "clame" | "indique" | "r\xC3\xA9" "silie"
             | "wants" | "asks" | "called" | "requests" | "reports" | "says" | "would";
        verb [ ,.] { return true; }
        *          { return false; }
    */
}

/* A nobiliary or family particle written in lower case between name words. */
static bool
match_particle(const uchar *p, const uchar *lim, const uchar **end)
{
    const uchar *cur = p, *mar = p;
    (void)mar;
    /*!re2c
        particle = "de" | "du" | "des" | "da" | "das" | "do" | "dos" | "di" | "del"
                 | "della" | "van" | "von" | "der" | "den" | "ter" | "le" | "la" | "ben"
                 | "bin" | "al" | "el";
        particle " " { *end = cur; return true; }
        *            { return false; }
    */
}

/* True when [p, lim) ends with a word that can end a lower-case cue ("... de",
 * "... avec", "monsieur"). Read backwards: YYPEEK looks before the cursor. */
static bool
match_cue_tail(const uchar *floor, const uchar *lim)
{
    const uchar *cur = lim, *mar = lim;
    (void)mar;
    /*!local:re2c
        re2c:define:YYPEEK = "(cur > floor ? cur[-1] : 0U)";
        re2c:define:YYSKIP = "--cur;";

        tail = "ed" | "ceva" | "htiw" | "ot" | "morf" | "fo" | "rueisnom" | "emadam"
             | "ellesiomedam" | "ruetcod";
        tail [ ,'\x00] { return true; }
        *               { return false; }
    */
}

/* ---- the scanner ------------------------------------------------------------------ */

struct cand {
    size_t start, end; /* end == 0: none */
    size_t category;
    float confidence;
};

struct scanner {
    const privpol_ctx *ctx;
    const uchar *s;
    size_t n;
    unsigned flags;
    struct privpol__scan_stats *stats;
    privpol_span *spans;
    size_t cap, count;
    size_t last_end; /* end of the last span emitted: nothing may start before it */
};

#define STAT(sc, field)                                                                   \
    do {                                                                                  \
        if ((sc)->stats != NULL)                                                          \
            (sc)->stats->field++;                                                         \
    } while (0)

static inline const uchar *
window(const struct scanner *sc, size_t p, size_t w)
{
    return sc->s + (sc->n - p < w ? sc->n : p + w);
}

static inline void
consider(struct cand *best, size_t start, size_t end, size_t category, float confidence)
{
    if (end > start && (best->end == 0 || end - start > best->end - best->start)) {
        best->start = start;
        best->end = end;
        best->category = category;
        best->confidence = confidence;
    }
}

/* [p, e) without its last group of letters or digits and the separators before it; p
 * when nothing is left. */
static size_t
drop_last_group(const uchar *s, size_t p, size_t e)
{
    while (e > p && is_alnum(s[e - 1]))
        e--;
    while (e > p && !is_alnum(s[e - 1]))
        e--;
    return e;
}

/* A unit or currency after a number says it is an amount or a quantity, not an
 * identifier: "0612345678 €", "20 Go". Reads at most a few bytes past e. */
static bool
unit_follows(const uchar *s, size_t e, size_t n)
{
    static const char *const units[] = {"EUR", "eur", "euros", "Go", "Mo", "Ko", "To",
                                        "GB", "MB", "KB", "TB", "h", "min", "ms", "km"};
    if (e < n && s[e] == ' ')
        e++;
    else if (e + 1 < n && s[e] == 0xC2 && s[e + 1] == 0xA0) /* no-break space */
        e += 2;
    else if (e + 2 < n && s[e] == 0xE2 && s[e + 1] == 0x80 && s[e + 2] == 0xAF)
        e += 3; /* narrow no-break space */
    if (e >= n)
        return false;
    switch (s[e]) {
    case '%':
        return true;
    case 0xE2: /* € */
        return e + 2 < n && s[e + 1] == 0x82 && s[e + 2] == 0xAC;
    case 'E': case 'e': case 'G': case 'M': case 'K': case 'T': case 'h': case 'm':
    case 'k':
        break;
    default:
        return false;
    }
    for (size_t k = 0; k < sizeof units / sizeof *units; k++) {
        size_t len = strlen(units[k]);
        if (len <= n - e && memcmp(s + e, units[k], len) == 0 &&
            (e + len == n || !word_byte[s[e + len]]))
            return true;
    }
    return false;
}

/* A numeric candidate [p, e) must stand alone: not glued to a word, not a fragment of
 * a longer number, date or time ("12/06/2025", "3.14.15.92.65"), not an amount. A comma
 * between two numbers makes them one decimal number, except between IP addresses,
 * which are never decimals ("10.0.0.1,10.0.0.2"). */
static bool
numeric_context_ok(const uchar *s, size_t n, size_t p, size_t e, bool comma_list)
{
    if (p >= 2) {
        uchar b = s[p - 1];
        if ((b == '.' || (b == ',' && !comma_list) || b == ':' || b == '/' || b == '-') &&
            is_digit(s[p - 2]))
            return false;
    }
    if (e < n) {
        uchar c = s[e];
        if (glued(s, e, n) || c == '@')
            return false;
        if ((c == '.' || (c == ',' && !comma_list) || c == ':' || c == '/' || c == '-') &&
            e + 1 < n && is_alnum(s[e + 1]))
            return false;
    }
    return !unit_follows(s, e, n);
}

/* True when the word just before p (skipping spaces) is `word`. */
static bool
word_before(const uchar *s, size_t p, const char *word)
{
    size_t len = strlen(word), k = p;
    while (k > 0 && s[k - 1] == ' ')
        k--;
    if (k == p || k < len || memcmp(s + k - len, word, len) != 0)
        return false;
    return k == len || !word_byte[s[k - len - 1]];
}

static void
try_ipv4(struct scanner *sc, size_t p, struct cand *best)
{
    const uchar *s = sc->s;
    uint8_t ip[16];
    size_t ip_len, e;

    STAT(sc, matches);
    e = (size_t)(match_ipv4(s + p, window(sc, p, WIN_IP)) - s);
    if (e == p || !numeric_context_ok(s, sc->n, p, e, true))
        return;
    if (word_before(s, p, "version") || word_before(s, p, "Version") ||
        word_before(s, p, "v") || word_before(s, p, "build"))
        return;
    if (!(sc->flags & PRIVPOL__SCAN_SHAPES_ONLY)) {
        STAT(sc, validations);
        if (privpol__ip_parse((const char *)s + p, e - p, ip, &ip_len, NULL) != PRIVPOL_OK)
            return;
    }
    consider(best, p, e, CAT_IP, CONF_IPV4);
}

static void
try_ipv6(struct scanner *sc, size_t p, struct cand *best)
{
    const uchar *s = sc->s;
    uint8_t ip[16];
    size_t ip_len, e;

    STAT(sc, matches);
    e = (size_t)(match_ipv6(s + p, window(sc, p, WIN_IP)) - s);
    if (e == p)
        return;
    if (e < sc->n && (glued(s, e, sc->n) || s[e] == ':' || s[e] == '@' ||
                      (s[e] == '.' && e + 1 < sc->n && is_alnum(s[e + 1]))))
        return;
    /* "::" alone and one group before "::" ("cafe::") are words, not addresses. */
    if (e - p < 3 || (s[e - 1] == ':' && memchr(s + p, ':', e - p - 2) == NULL))
        return;
    if (!(sc->flags & PRIVPOL__SCAN_SHAPES_ONLY)) {
        STAT(sc, validations);
        if (privpol__ip_parse((const char *)s + p, e - p, ip, &ip_len, NULL) != PRIVPOL_OK)
            return;
    }
    consider(best, p, e, CAT_IP, CONF_IPV6);
}

static void
try_card(struct scanner *sc, size_t p, struct cand *best)
{
    const uchar *s = sc->s;
    size_t e;

    STAT(sc, matches);
    e = (size_t)(match_card(s + p, window(sc, p, WIN_CARD)) - s);
    for (int tries = 0; e > p && tries <= TRIM_TRIES; tries++) {
        if (numeric_context_ok(s, sc->n, p, e, false)) {
            if (sc->flags & PRIVPOL__SCAN_SHAPES_ONLY)
                break;
            STAT(sc, validations);
            if (privpol__card_ok((const char *)s + p, e - p))
                break;
        }
        e = drop_last_group(s, p, e);
        if (e - p < 12)
            return;
    }
    if (e > p)
        consider(best, p, e, CAT_CARD, CONF_CARD);
}

/* Returns the end of the IBAN shape (valid or not), or p: a shape that fails its
 * checksum is a mistyped IBAN, and its groups of digits are not read again as other
 * numbers. */
static size_t
try_iban(struct scanner *sc, size_t p, struct cand *best)
{
    const uchar *s = sc->s;
    size_t e, shape;

    STAT(sc, matches);
    shape = e = (size_t)(match_iban(s + p, window(sc, p, WIN_IBAN)) - s);
    for (int tries = 0; e > p && tries <= TRIM_TRIES; tries++) {
        if (!glued(s, e, sc->n)) {
            if (sc->flags & PRIVPOL__SCAN_SHAPES_ONLY)
                break;
            STAT(sc, validations);
            if (privpol__iban_ok((const char *)s + p, e - p))
                break;
        }
        e = drop_last_group(s, p, e);
        if (e - p < 15)
            return shape;
    }
    if (e > p)
        consider(best, p, e, CAT_IBAN, CONF_IBAN);
    return shape;
}

/* Regions tried for a national number (trunk prefix 0) the default region refuses, in
 * this order. A number valid in several gets the first: the span is right even when the
 * country is not. */
static const char fallback_regions[][3] = {"GB", "BE", "CH", "DE", "MA"};

static const struct privpol__phone_region *
region_of(const char *r)
{
    if (r == NULL || !is_upper_ascii((uchar)r[0]) || !is_upper_ascii((uchar)r[1]))
        return NULL;
    return &privpol__phone_region_table[PRIVPOL__PHONE_REGION_INDEX(r[0], r[1])];
}

/* True when the region's national numbers begin with a trunk prefix 0 (FR, GB, DE...),
 * so that a national number written without it is not one. */
static bool
dials_zero(const char *r)
{
    const struct privpol__phone_region *reg = region_of(r);
    return reg != NULL && reg->trunk[0] == '0';
}

static bool
phone_in(const char *region, const uchar *s, size_t n, char *e164, size_t *e164_len)
{
    return privpol__phone_parse((const char *)s, n, region, e164, e164_len, NULL) ==
           PRIVPOL_OK;
}

/* NANP written nationally with separators: (NXX) NXX-XXXX, NXX-NXX-XXXX, NXX.NXX.XXXX. */
static bool
nanp_shape(const uchar *s, size_t n)
{
    size_t digits = 0, seps = 0;
    for (size_t k = 0; k < n; k++) {
        if (is_digit(s[k]))
            digits++;
        else
            seps++;
    }
    return digits == 10 && seps >= 2 && (s[0] == '(' || s[3] == '-' || s[3] == '.');
}

/* Confidence that [s, s+n) is a phone number (0: it is not); e164 receives its E.164
 * form. Shared by the scanner and privpol__scan_phone_e164() so that redaction keys the
 * number the scanner recognized. */
static float
phone_check(const privpol_ctx *ctx, const uchar *s, size_t n, bool fallback, char *e164,
            size_t *len, struct privpol__scan_stats *stats)
{
    const char *region = ctx->default_region[0] != '\0' ? ctx->default_region : NULL;
    size_t digits = 0, first = 0;

    for (size_t k = 0; k < n; k++)
        digits += is_digit(s[k]);
    if (digits < 7 || digits > 17)
        return 0.0F;
    while (first < n && !is_digit(s[first]))
        first++;
    if (stats != NULL)
        stats->validations++;
    if (s[0] == '+' || (s[first] == '0' && first + 1 < n && s[first + 1] == '0'))
        return phone_in(region, s, n, e164, len) ? CONF_PHONE_INTL : 0.0F;
    if (region == NULL)
        return 0.0F; /* a national number of no known region */
    if (s[first] == '0' || region == NULL || !dials_zero(region)) {
        if (region != NULL && phone_in(region, s, n, e164, len))
            return CONF_PHONE_NATIONAL;
    }
    if (!fallback)
        return 0.0F;
    if (s[first] == '0') {
        for (size_t k = 0; k < sizeof fallback_regions / sizeof *fallback_regions; k++) {
            if (region != NULL && strcmp(region, fallback_regions[k]) == 0)
                continue;
            if (stats != NULL)
                stats->validations++;
            if (phone_in(fallback_regions[k], s, n, e164, len))
                return CONF_PHONE_OTHER_REGION;
        }
    } else if (nanp_shape(s, n) && (region == NULL || region_of(region)->cc != 1)) {
        if (stats != NULL)
            stats->validations++;
        if (phone_in("US", s, n, e164, len))
            return CONF_PHONE_OTHER_REGION;
    }
    return 0.0F;
}

bool
privpol__scan_phone_e164(const privpol_ctx *ctx, const char *s, size_t n,
                         char out[PRIVPOL__E164_MAX], size_t *out_len)
{
    if (ctx == NULL || s == NULL || n == 0)
        return false;
    return phone_check(ctx, (const uchar *)s, n, true, out, out_len, NULL) > 0.0F;
}

/* A date written with separators ("05.06.2025", "05-06-2025", "2025.06.05"): a phone
 * shape to the matcher, and a valid number in regions with 8-digit numbers. */
static bool
date_shape(const uchar *s, size_t n)
{
    size_t g[3] = {0, 0, 0}, groups = 0;
    uchar sep = 0;
    for (size_t k = 0; k < n; k++) {
        if (is_digit(s[k])) {
            g[groups]++;
            continue;
        }
        if (groups == 2 || (sep != 0 && s[k] != sep) || k == 0 || !is_digit(s[k - 1]))
            return false;
        sep = s[k];
        groups++;
    }
    if (groups != 2)
        return false;
    return (g[0] <= 2 && g[1] <= 2 && g[2] == 4) || (g[0] == 4 && g[1] == 2 && g[2] == 2);
}

static void
try_phone(struct scanner *sc, size_t p, struct cand *best)
{
    const uchar *s = sc->s;
    char e164[PRIVPOL__E164_MAX];
    size_t e, len, ends[TRIM_TRIES + 1], nends = 0;
    size_t gend[WIN_PHONE], gdigits[WIN_PHONE], ngroups = 0, written = 0, digits = 0;
    size_t run = 0;
    size_t plausible; /* groups before the first one people would not write */
    float conf = 0.0F;
    bool paren = false;

    STAT(sc, matches);
    e = (size_t)(match_phone(s + p, window(sc, p, WIN_PHONE)) - s);
    /* Groups of digits, in one pass. People write at most 7 groups, and no group of a
     * single digit except near the start ("+33 6 12 34 56 78") or the trunk prefix in
     * parentheses ("+33 (0)6 ..."): "0 0 0 0 0 0 0" is a count, not a number. */
    plausible = SIZE_MAX;
    for (size_t k = p; k <= e; k++) {
        if (k < e && is_digit(s[k])) {
            run++;
            digits++;
            continue;
        }
        if (run > 0) {
            bool trunk = paren && run == 1 && k < e && s[k] == ')';
            gend[ngroups] = k + (trunk ? 1 : 0);
            gdigits[ngroups] = digits;
            ngroups++;
            written += !trunk;
            if (plausible == SIZE_MAX && !trunk && (written > 7 || (run == 1 && written > 2)))
                plausible = ngroups - 1;
            run = 0;
        }
        if (k < e)
            paren = s[k] == '(' ? true : s[k] == ')' ? false : paren;
    }
    /* The shape and, while they may hold a number, its shorter forms ("06 12 34 56 78
     * 07 12 34 56 78" is two numbers); too many digits costs no try. */
    if (plausible > ngroups)
        plausible = ngroups;
    for (size_t g = plausible; g-- > 0 && nends <= TRIM_TRIES;) {
        if (gdigits[g] < 7)
            break;
        if (gdigits[g] <= 17 && (g + 1 == ngroups || gend[g] < gend[g + 1]) &&
            numeric_context_ok(s, sc->n, p, gend[g], false))
            ends[nends++] = gend[g];
    }
    if (nends == 0 || date_shape(s + p, ends[0] - p))
        return;
    if (sc->flags & PRIVPOL__SCAN_SHAPES_ONLY) {
        if (s[p] == '+' || s[p] == '0')
            consider(best, p, ends[0], CAT_PHONE, CONF_PHONE_NATIONAL);
        return;
    }
    /* The default region and international forms, longest first; other regions only
     * for the whole shape, where the writer's grouping is not in doubt. */
    for (size_t k = 0; k < nends; k++) {
        if ((conf = phone_check(sc->ctx, s + p, ends[k] - p, false, e164, &len,
                                sc->stats)) > 0.0F) {
            consider(best, p, ends[k], CAT_PHONE, conf);
            return;
        }
    }
    if (ends[0] == e &&
        (conf = phone_check(sc->ctx, s + p, e - p, true, e164, &len, sc->stats)) > 0.0F)
        consider(best, p, e, CAT_PHONE, conf);
}

/* ---- email ----------------------------------------------------------------------- */

/* The address around the '@' at `at`: its local part read backwards (at most 64 bytes,
 * never into a span already emitted), its domain forwards. */
static bool
email_at(struct scanner *sc, size_t at, struct cand *c)
{
    const uchar *s = sc->s;
    char norm[PRIVPOL__EMAIL_MAX];
    size_t b = at, e, norm_len;

    while (b > sc->last_end && at - b <= LOCAL_MAX && local_byte(s[b - 1]))
        b--;
    while (b < at && s[b] == '.')
        b++; /* a dot cannot begin the local part: it ends the sentence before */
    if (b == at || at - b > LOCAL_MAX)
        return false;
    STAT(sc, matches);
    e = (size_t)(match_domain(s + at + 1, window(sc, at + 1, WIN_DOMAIN)) - s);
    if (e == at + 1)
        return false;
    if (e < sc->n &&
        (glued(s, e, sc->n) || s[e] == '@' ||
         ((s[e] == '.' || s[e] == '-') && e + 1 < sc->n && is_alnum(s[e + 1]))))
        return false;
    if (!(sc->flags & PRIVPOL__SCAN_SHAPES_ONLY)) {
        STAT(sc, validations);
        if (privpol__email_parse((const char *)s + b, e - b, true, norm, &norm_len, NULL) !=
            PRIVPOL_OK)
            return false;
    }
    c->start = b;
    c->end = e;
    c->category = CAT_EMAIL;
    c->confidence = CONF_EMAIL;
    return true;
}

/* ---- names ----------------------------------------------------------------------- */

/* An upper-case letter at i: its length in bytes (1 or 2), or 0. */
static inline size_t
upper_at(const uchar *s, size_t i, size_t n)
{
    if (is_upper_ascii(s[i]))
        return 1;
    /* U+00C0-U+00DE except U+00D7 (multiplication sign) */
    if (s[i] == 0xC3 && i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0x9E && s[i + 1] != 0x97)
        return 2;
    return 0;
}

/* A lower-case letter at i: its length in bytes, or 0. Latin Extended-A (U+0100-U+017F)
 * counts as lower case inside a word. */
static inline size_t
lower_at(const uchar *s, size_t i, size_t n)
{
    if ((unsigned)(s[i] - 'a') < 26U)
        return 1;
    if (i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0xBF &&
        ((s[i] == 0xC3 && s[i + 1] >= 0x9F && s[i + 1] != 0xB7) || s[i] == 0xC4 ||
         s[i] == 0xC5))
        return 2;
    return 0;
}

enum { WORD_NONE, WORD_TITLECASE, WORD_CAPS };

/* A capitalized word at i ("Dupont", "DUPONT", "Jean-Pierre", "O'Neil", "Émilie"): its
 * end in *end and its kind. It must end where the word ends. */
static int
name_word(const uchar *s, size_t i, size_t n, size_t *end)
{
    size_t k, letters = 0, lowers = 0, m;

    if (i >= n || (m = upper_at(s, i, n)) == 0)
        return WORD_NONE;
    k = i + m;
    letters = 1;
    for (;;) {
        if (k >= n)
            break;
        if ((m = lower_at(s, k, n)) != 0) {
            lowers++;
        } else if ((m = upper_at(s, k, n)) == 0) {
            /* a hyphen or an apostrophe joins two capitalized parts */
            if ((s[k] == '-' || s[k] == '\'') && k + 1 < n && upper_at(s, k + 1, n) != 0) {
                k++;
                continue;
            }
            break;
        }
        letters++;
        k += m;
    }
    if (letters < 2 || glued(s, k, n) || (k < n && s[k] == '@'))
        return WORD_NONE;
    /* "Jean.Dupont@x.fr": part of an address, not a name */
    if (k + 1 < n && (s[k] == '.' || s[k] == '_' || s[k] == '+' || s[k] == '-') &&
        is_alnum(s[k + 1]))
        return WORD_NONE;
    *end = k;
    return lowers > 0 ? WORD_TITLECASE : WORD_CAPS;
}

/* Capitalized words from i, joined by single spaces and lower-case particles: the end
 * of the name, or 0. *words receives how many capitalized words, *first the kind of the
 * first one. */
static size_t
name_words(const uchar *s, size_t i, size_t n, int *words, int *first)
{
    size_t end = 0, e;
    const uchar *pe;
    int kind;

    *words = 0;
    if ((kind = name_word(s, i, n, &end)) == WORD_NONE)
        return 0;
    *first = kind;
    *words = 1;
    while (*words < NAME_WORDS && end + 1 < n && s[end] == ' ') {
        size_t next = end + 1;
        if (match_particle(s + next, s + (n - next < 8 ? n : next + 8), &pe))
            next = (size_t)(pe - s);
        if (name_word(s, next, n, &e) == WORD_NONE)
            break;
        end = e;
        (*words)++;
    }
    return end;
}

/* True when p begins a sentence: the text starts there, or only spaces separate it
 * from a full stop, a question or exclamation mark, a line break, or the end of an
 * identifier just found (notes often run on after one: "... : a@b.fr Jean Dupont
 * appelle"). */
static bool
sentence_start(const struct scanner *sc, size_t p)
{
    const uchar *s = sc->s;
    size_t k = p;
    while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t'))
        k--;
    if (k == 0)
        return true;
    if (s[k - 1] == '\n' || s[k - 1] == '\r')
        return true;
    if (k < p && sc->count > 0 && k == sc->last_end)
        return true;
    return k < p && (s[k - 1] == '.' || s[k - 1] == '!' || s[k - 1] == '?');
}

/* A name after a title, greeting or cue phrase that ends at q; fills c. */
static bool
name_after_cue(struct scanner *sc, enum cue cue, size_t q, struct cand *c)
{
    const uchar *s = sc->s, *pe = NULL;
    size_t end;
    int words = 0, first = WORD_NONE;
    float conf = cue == CUE_TITLE    ? CONF_NAME_TITLE
                 : cue == CUE_PHRASE ? CONF_NAME_CUE
                                     : CONF_NAME_GREETING;

    /* "Bonjour Madame Martin", "Spoke with Monsieur Vincent" */
    if (cue != CUE_TITLE && q < sc->n && byte_class[s[q]] != BC_SEP &&
        match_word(s + q, window(sc, q, WIN_CUE), &pe) == CUE_TITLE) {
        q = (size_t)(pe - s);
        conf = CONF_NAME_TITLE;
    }
    if ((end = name_words(s, q, sc->n, &words, &first)) == 0)
        return false;
    c->start = q;
    c->end = end;
    c->category = CAT_NAME;
    c->confidence = conf;
    return true;
}

/* Two or more capitalized words at p, which opens a sentence, then a verb or a
 * parenthesis: "Isabelle Benali appelle pour sa facture", "Aurélie Mercier (a@b.fr)
 * wants ...". */
static bool
name_at_sentence(struct scanner *sc, size_t p, struct cand *c)
{
    const uchar *s = sc->s;
    size_t n = sc->n, end;
    int words = 0, first = WORD_NONE;

    if ((end = name_words(s, p, n, &words, &first)) == 0 || words < 2 ||
        first != WORD_TITLECASE || end + 2 >= n || s[end] != ' ')
        return false;
    if (s[end + 1] != '(' && !match_name_verb(s + end + 1, window(sc, end + 1, 16)))
        return false;
    c->start = p;
    c->end = end;
    c->category = CAT_NAME;
    c->confidence = CONF_NAME_SENTENCE;
    return true;
}

/* A title or cue phrase in lower case that ends right before the capitalized word at p
 * ("avec monsieur Dupont", "sur appel de Jean Martin"): the starts of the (at most
 * four) words before p are tried with the same DFA. Reads at most WIN_CUE bytes back. */
static enum cue
cue_before(const struct scanner *sc, size_t p)
{
    const uchar *s = sc->s, *pe;
    size_t k = p, floor = sc->last_end;
    if (p - floor > WIN_CUE)
        floor = p - WIN_CUE;
    /* Every such cue ends with one of a few words: look at that one first. */
    if (p < floor + 3 || s[p - 1] != ' ' || !match_cue_tail(s + floor, s + p - 1))
        return CUE_NONE;
    for (int words = 0; words < 4; words++) {
        size_t j = k;
        enum cue cue;
        while (j > floor && s[j - 1] == ' ')
            j--;
        if (j == k || j == floor)
            return CUE_NONE;
        if (s[j - 1] == '.' || s[j - 1] == ',')
            j--;
        while (j > floor && (word_byte[s[j - 1]] || s[j - 1] == '-'))
            j--;
        if (j == k || (j > 0 && j == floor && word_byte[s[j - 1]]))
            return CUE_NONE;
        k = j;
        if (byte_class[s[k]] == BC_SEP)
            continue;
        cue = match_word(s + k, s + p, &pe);
        if (cue != CUE_NONE && pe == s + p)
            return cue;
    }
    return CUE_NONE;
}

/* Cheap test before the sentence rule: after the word that ends at i (a compound may go
 * on with '-' or an apostrophe), a space and a capitalized word or a particle. */
static inline bool
next_word_may_name(const uchar *s, size_t i, size_t n)
{
    const uchar *pe;
    while (i < n && (word_byte[s[i]] || s[i] == '-' || s[i] == '\''))
        i++;
    if (i + 2 >= n || s[i] != ' ')
        return false;
    if (upper_at(s, i + 1, n) != 0)
        return true;
    /* a particle: a short lower-case word, then a capitalized one ("Pedro da Silva") */
    if (strchr("abdelotv", s[i + 1]) == NULL)
        return false;
    for (size_t j = i + 1; j < n && j <= i + 6; j++) {
        if (s[j] == ' ')
            return j + 1 < n && upper_at(s, j + 1, n) != 0 &&
                   match_particle(s + i + 1, s + j + 1, &pe);
        if ((unsigned)(s[j] - 'a') >= 26U)
            return false;
    }
    return false;
}

/* ---- driver ------------------------------------------------------------------------ */

static void
emit(struct scanner *sc, const struct cand *c)
{
    if (sc->count < sc->cap) {
        privpol_span *sp = &sc->spans[sc->count];
        sp->start = c->start;
        sp->end = c->end;
        sp->category = c->category;
        sp->confidence = c->confidence;
    }
    sc->count++;
    sc->last_end = c->end;
}

/* Quick tests on the first bytes, so that a matcher only runs where its shape can
 * begin. s[p] is known; they read at most 5 bytes. */
static inline bool
maybe_ipv4(const uchar *s, size_t p, size_t n)
{
    for (size_t k = p + 1; k < n && k <= p + 3; k++) {
        if (s[k] == '.')
            return true;
        if (!is_digit(s[k]))
            return false;
    }
    return false;
}

static inline bool
maybe_ipv6(const uchar *s, size_t p, size_t n)
{
    size_t k = p, lim = n - p > 5 ? p + 5 : n;
    while (k < lim && is_hex(s[k]))
        k++;
    return k < lim && s[k] == ':' && (k > p || (k + 1 < n && s[k + 1] == ':'));
}

static inline bool
maybe_card(const uchar *s, size_t p, size_t n)
{
    return p + 12 <= n && is_digit(s[p + 1]) && is_digit(s[p + 2]) && is_digit(s[p + 3]);
}

static inline bool
maybe_iban(const uchar *s, size_t p, size_t n)
{
    return p + 15 <= n && is_upper_ascii(s[p + 1]) && is_digit(s[p + 2]) &&
           is_digit(s[p + 3]);
}

static inline bool
maybe_phone(const struct scanner *sc, const uchar *s, size_t p, size_t n)
{
    if (p + 7 > n)
        return false;
    if (s[p] == '+' || s[p] == '(')
        return is_digit(s[p + 1]);
    /* With a default region that dials a trunk prefix 0, a national number begins with
     * it; elsewhere (ES, IT, NANP...) any digit may. */
    return s[p] == '0' || !dials_zero(sc->ctx->default_region);
}

privpol_status
privpol__scan_run(const privpol_ctx *ctx, const char *text, size_t len,
                  privpol_span *spans, size_t *spans_len, unsigned flags,
                  struct privpol__scan_stats *stats)
{
    struct scanner sc;
    const uchar *s = (const uchar *)text;
    size_t i = 0;

    if (ctx == NULL || spans_len == NULL || (text == NULL && len > 0) ||
        (spans == NULL && *spans_len > 0))
        return PRIVPOL_EINVAL;
    sc.ctx = ctx;
    sc.s = s;
    sc.n = len;
    sc.flags = flags;
    sc.stats = stats;
    sc.spans = spans;
    sc.cap = *spans_len;
    sc.count = 0;
    sc.last_end = 0;

    while (i < len) {
        unsigned k = byte_class[s[i]];
        struct cand best;
        const uchar *pe;
        size_t p = i;
        enum cue cue;

        /* The common cases first: punctuation and spaces, and lower-case words, which
         * can begin nothing but an IPv6 address (a-f) or the local part of an address
         * (found from its '@'). */
        if (k == BC_SEP) {
            i++;
            continue;
        }
        if (k == BC_LOW || k == BC_HEXL) {
            do
                i++;
            while (i < len && word_byte[s[i]]);
            /* only "dead:beef::1" and the like: a hex word of 1 to 4 before ':' */
            if (k == BC_LOW || i - p > 4 || i == len || s[i] != ':' || !maybe_ipv6(s, p, len))
                continue;
            i = p;
        }
        if (stats != NULL)
            stats->starts++;
        best.end = 0;
        switch (k) {
        case BC_AT:
            if (!email_at(&sc, p, &best))
                i++;
            break;
        case BC_DIG:
            if (maybe_ipv4(s, p, len))
                try_ipv4(&sc, p, &best);
            if (maybe_ipv6(s, p, len))
                try_ipv6(&sc, p, &best);
            if (maybe_card(s, p, len))
                try_card(&sc, p, &best);
            if (maybe_phone(&sc, s, p, len))
                try_phone(&sc, p, &best);
            if (best.end == 0)
                while (i < len && word_byte[s[i]])
                    i++;
            break;
        case BC_PLUS:
        case BC_PAREN:
            if (maybe_phone(&sc, s, p, len))
                try_phone(&sc, p, &best);
            if (best.end == 0)
                i++;
            break;
        case BC_COLON:
            if (p + 1 < len && s[p + 1] == ':' && (p == 0 || s[p - 1] != ':'))
                try_ipv6(&sc, p, &best);
            if (best.end == 0)
                while (i < len && s[i] == ':')
                    i++;
            break;
        case BC_HEXL:
            try_ipv6(&sc, p, &best);
            if (best.end == 0)
                while (i < len && word_byte[s[i]])
                    i++;
            break;
        default: /* BC_UP, BC_HEXU, BC_LEAD: an IBAN, an IPv6 address, or a name */
            if (maybe_iban(s, p, len) && (i = try_iban(&sc, p, &best)) > p) {
                if (best.end == 0 && !glued(s, i, len))
                    break; /* a mistyped IBAN: resume after it */
                i = p;
            }
            if (k == BC_HEXU && maybe_ipv6(s, p, len))
                try_ipv6(&sc, p, &best);
            if (best.end != 0)
                break;
            STAT(&sc, matches);
            cue = match_word(s + p, s + len, &pe);
            i = (size_t)(pe - s);
            if (cue != CUE_NONE) {
                if (!name_after_cue(&sc, cue, i, &best))
                    for (i = p; i < len && word_byte[s[i]];)
                        i++;
            } else if (upper_at(s, p, len) != 0) {
                cue = cue_before(&sc, p);
                if (cue != CUE_NONE)
                    name_after_cue(&sc, cue, p, &best);
                else if (sentence_start(&sc, p) && next_word_may_name(s, i, len))
                    name_at_sentence(&sc, p, &best);
            }
            break;
        }
        if (best.end != 0) {
            emit(&sc, &best);
            i = best.end;
        }
    }

    *spans_len = sc.count;
    return sc.count > sc.cap ? PRIVPOL_EBUFSIZE : PRIVPOL_OK;
}

privpol_status
privpol_scan(const privpol_ctx *ctx, const char *text, size_t len, privpol_span *spans,
             size_t *spans_len)
{
    return privpol__scan_run(ctx, text, len, spans, spans_len, 0, NULL);
}

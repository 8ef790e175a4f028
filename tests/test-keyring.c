/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

#define K1 "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
#define K2 "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100"

static char dir[64];

static int
make_dir(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/privpol-test-keyring-XXXXXX");
    return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
remove_dir(void **state)
{
    char cmd[128];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void
path_in_dir(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", dir, name);
}

static void
write_file(const char *path, const char *text, mode_t mode)
{
    FILE *f;
    unlink(path);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    assert_int_equal(chmod(path, mode), 0);
}

static privpol_status
parse(const char *text, privpol_keyring **kr, privpol_error *err)
{
    return privpol_keyring_parse(text, strlen(text), NULL, kr, err);
}

static void
parses_valid_files(void **state)
{
    privpol_keyring *kr = NULL;
    privpol_error err;
    (void)state;
    assert_int_equal(parse("# comment\n\nprivpol-keyring 1\n"
                           "key 0000000a 1970-01-01T00:00:00Z " K1 "\n"
                           "  # indented comment\r\n"
                           "key 0000000b\t2026-03-01 " K2 "\r\n",
                           &kr, &err),
                     PRIVPOL_OK);
    assert_int_equal(privpol_keyring_count(kr), 2);
    assert_string_equal(privpol_keyring_key_id(kr, 0), "0000000a");
    assert_string_equal(privpol_keyring_key_id(kr, 1), "0000000b");
    assert_int_equal(privpol_keyring_key_from(kr, 1), 1772323200);
    assert_null(privpol_keyring_key_id(kr, 2));
    assert_int_equal(privpol_keyring_key_from(kr, 2), INT64_MIN);
    assert_int_equal(kr->keys[0].bytes[0], 0x00);
    assert_int_equal(kr->keys[0].bytes[31], 0xff);
    assert_int_equal(kr->keys[1].bytes[0], 0xff);
    assert_int_equal(privpol__keyring_key_at(kr, -1), -1);
    assert_int_equal(privpol__keyring_key_at(kr, 0), 0);
    assert_int_equal(privpol__keyring_key_at(kr, 1772323199), 0);
    assert_int_equal(privpol__keyring_key_at(kr, 1772323200), 1);
    assert_int_equal(privpol__keyring_find(kr, "0000000b", 8), 1);
    assert_int_equal(privpol__keyring_find(kr, "0000000c", 8), -1);
    privpol_keyring_free(kr);
    privpol_keyring_free(NULL);
    assert_int_equal(privpol_keyring_keybytes(), 32);
}

static void
rejects_malformed_files(void **state)
{
    static const struct {
        const char *text;
        size_t line;
        const char *what;
    } bad[] = {
        {"", 0, "empty"},
        {"# only a comment\n", 0, "empty"},
        {"privpol-keyring 1\n", 0, "no key"},
        {"privpol-keyring 2\nkey 0000000a 1970-01-01 " K1 "\n", 1, "version"},
        {"key 0000000a 1970-01-01 " K1 "\n", 1, "header"},
        {"privpol-keyring 1\nkey 0000000a 1970-01-01 " K1 "00\n", 2, "64 hex"},
        {"privpol-keyring 1\nkey 0000000a 1970-01-01 " K1 "\n"
         "key 0000000b 1970-01-02 abcd\n", 3, "64 hex"},
        {"privpol-keyring 1\nkey 0000000a 1970-01-01 "
         "zz112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n", 2, "hex"},
        {"privpol-keyring 1\nkey 0000000a 1970-01-01 " K1 "\n"
         "key 0000000a 1971-01-01 " K2 "\n", 3, "duplicate"},
        {"privpol-keyring 1\nkey 0000000a 1971-01-01 " K1 "\n"
         "key 0000000b 1971-01-01 " K2 "\n", 3, "increase"},
        {"privpol-keyring 1\nkey 0000000A 1970-01-01 " K1 "\n", 2, "8 lowercase"},
        {"privpol-keyring 1\nkey 000a 1970-01-01 " K1 "\n", 2, "8 lowercase"},
        {"privpol-keyring 1\nkey 0000000a yesterday " K1 "\n", 2, "ISO 8601"},
        {"privpol-keyring 1\nkey 0000000a 1970-01-01 " K1 " extra\n", 2, "expected"},
        {"privpol-keyring 1\nkey 0000000a\n", 2, "expected"},
        {"privpol-keyring 1\nsecret 0000000a 1970-01-01 " K1 "\n", 2, "unknown line"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        privpol_keyring *kr = (privpol_keyring *)&kr;
        privpol_error err;
        assert_int_equal(parse(bad[i].text, &kr, &err), PRIVPOL_EPARSE);
        assert_null(kr);
        assert_int_equal(err.status, PRIVPOL_EPARSE);
        if (err.line != bad[i].line)
            fail_msg("case %zu: line %zu, expected %zu (%s)", i, err.line, bad[i].line,
                     err.message);
        if (strstr(err.message, bad[i].what) == NULL)
            fail_msg("case %zu: message '%s' lacks '%s'", i, err.message, bad[i].what);
        /* Never key material in a message. */
        assert_null(strstr(err.message, "00112233"));
        assert_null(strstr(err.message, "ffeeddcc"));
    }
    assert_int_equal(privpol_keyring_parse("", 0, NULL, NULL, NULL), PRIVPOL_EINVAL);
}

static void
too_many_keys_is_refused(void **state)
{
    size_t cap = 300 * 120, len;
    char *text = malloc(cap);
    privpol_keyring *kr = NULL;
    (void)state;
    assert_non_null(text);
    len = (size_t)snprintf(text, cap, "privpol-keyring 1\n");
    for (int i = 0; i < 257; i++)
        len += (size_t)snprintf(text + len, cap - len, "key %08x %04d-01-01 " K1 "\n", i,
                                1971 + i);
    assert_int_equal(privpol_keyring_parse(text, len, NULL, &kr, NULL), PRIVPOL_EPARSE);
    /* 256 keys are fine. */
    len = (size_t)(strrchr(text, 'k') - text);
    assert_int_equal(privpol_keyring_parse(text, len, NULL, &kr, NULL), PRIVPOL_OK);
    assert_int_equal(privpol_keyring_count(kr), 256);
    assert_int_equal(privpol_keyring_rotate(kr, INT64_C(253402300000), NULL), PRIVPOL_EINVAL);
    privpol_keyring_free(kr);
    free(text);
}

static void
save_load_round_trip(void **state)
{
    char path[128];
    struct stat st;
    privpol_keyring *kr = NULL, *back = NULL;
    privpol_error err;
    (void)state;
    path_in_dir(path, sizeof path, "round.key");
    assert_int_equal(privpol_keyring_generate(0, NULL, &kr, NULL), PRIVPOL_OK);
    assert_int_equal(privpol_keyring_save(kr, path, 0, &err), PRIVPOL_OK);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    /* Never overwritten without the flag. */
    assert_int_equal(privpol_keyring_save(kr, path, 0, &err), PRIVPOL_EEXIST);
    assert_non_null(strstr(err.message, path));
    assert_int_equal(privpol_keyring_load(path, NULL, &back, &err), PRIVPOL_OK);
    assert_int_equal(privpol_keyring_count(back), 1);
    assert_string_equal(privpol_keyring_key_id(back, 0), privpol_keyring_key_id(kr, 0));
    assert_memory_equal(back->keys[0].bytes, kr->keys[0].bytes, 32);
    privpol_keyring_free(back);

    /* Rotation appends; the replaced file keeps mode 0600. */
    assert_int_equal(privpol_keyring_rotate(kr, 0, &err), PRIVPOL_EINVAL);
    assert_int_equal(privpol_keyring_rotate(kr, 1772323200, &err), PRIVPOL_OK);
    assert_int_equal(privpol_keyring_count(kr), 2);
    assert_string_not_equal(privpol_keyring_key_id(kr, 0), privpol_keyring_key_id(kr, 1));
    assert_memory_not_equal(kr->keys[0].bytes, kr->keys[1].bytes, 32);
    assert_int_equal(privpol_keyring_save(kr, path, PRIVPOL_KEYRING_SAVE_REPLACE, &err),
                     PRIVPOL_OK);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(privpol_keyring_load(path, NULL, &back, &err), PRIVPOL_OK);
    assert_int_equal(privpol_keyring_count(back), 2);
    assert_int_equal(privpol_keyring_key_from(back, 1), 1772323200);
    assert_memory_equal(back->keys[1].bytes, kr->keys[1].bytes, 32);
    privpol_keyring_free(back);
    privpol_keyring_free(kr);
    assert_int_equal(privpol_keyring_save(NULL, path, 0, NULL), PRIVPOL_EINVAL);
}

static void
loose_permissions_are_refused(void **state)
{
    static const mode_t modes[] = {0640, 0604, 0620, 0602, 0660, 0644, 0666, 0610};
    char path[128], mode_text[16];
    privpol_keyring *kr = NULL;
    privpol_error err;
    (void)state;
    path_in_dir(path, sizeof path, "loose.key");
    for (size_t i = 0; i < sizeof modes / sizeof *modes; i++) {
        write_file(path, "privpol-keyring 1\nkey 0000000a 1970-01-01 " K1 "\n", modes[i]);
        assert_int_equal(privpol_keyring_load(path, NULL, &kr, &err), PRIVPOL_EPERM);
        assert_null(kr);
        assert_non_null(strstr(err.message, path));
        snprintf(mode_text, sizeof mode_text, "%04o", (unsigned)modes[i]);
        assert_non_null(strstr(err.message, mode_text));
        assert_null(strstr(err.message, "00112233"));
    }
    chmod(path, 0400);
    assert_int_equal(privpol_keyring_load(path, NULL, &kr, &err), PRIVPOL_OK);
    privpol_keyring_free(kr);
}

static void
load_errors(void **state)
{
    char path[128];
    privpol_keyring *kr = NULL;
    privpol_error err;
    (void)state;
    path_in_dir(path, sizeof path, "missing.key");
    assert_int_equal(privpol_keyring_load(path, NULL, &kr, &err), PRIVPOL_EIO);
    assert_non_null(strstr(err.message, path));
    assert_int_equal(privpol_keyring_load(dir, NULL, &kr, &err), PRIVPOL_EIO);

    path_in_dir(path, sizeof path, "bad.key");
    write_file(path, "privpol-keyring 1\n\nkey 0000000a 1970-01-01 " K1 "ab\n", 0600);
    assert_int_equal(privpol_keyring_load(path, NULL, &kr, &err), PRIVPOL_EPARSE);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.message, path));
    assert_non_null(strstr(err.message, ":3:"));
    assert_null(strstr(err.message, "00112233"));
}

static void
generate_and_copy(void **state)
{
    privpol_keyring *kr = NULL, *copy = NULL;
    (void)state;
    assert_int_equal(privpol_keyring_generate(1000, NULL, &kr, NULL), PRIVPOL_OK);
    assert_int_equal(privpol_keyring_key_from(kr, 0), 1000);
    assert_int_equal(strlen(privpol_keyring_key_id(kr, 0)), PRIVPOL_KEYRING_ID_LEN);
    assert_int_equal(privpol__keyring_copy(&copy, kr, NULL), PRIVPOL_OK);
    assert_memory_equal(copy->keys[0].bytes, kr->keys[0].bytes, 32);
    assert_ptr_not_equal(copy->keys[0].bytes, kr->keys[0].bytes);
    privpol_keyring_free(kr);
    assert_int_equal(privpol__keyring_key_at(copy, 999), -1);
    assert_int_equal(privpol__keyring_key_at(copy, 1000), 0);
    privpol_keyring_free(copy);
    assert_int_equal(privpol_keyring_generate(0, NULL, NULL, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_keyring_generate(INT64_MAX, NULL, &kr, NULL), PRIVPOL_EINVAL);
    assert_null(kr);
    assert_int_equal(privpol_keyring_generate(-62135596801LL, NULL, &kr, NULL), PRIVPOL_EINVAL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_valid_files),
        cmocka_unit_test(rejects_malformed_files),
        cmocka_unit_test(too_many_keys_is_refused),
        cmocka_unit_test(save_load_round_trip),
        cmocka_unit_test(loose_permissions_are_refused),
        cmocka_unit_test(load_errors),
        cmocka_unit_test(generate_and_copy),
    };
    return cmocka_run_group_tests_name("keyring", tests, make_dir, remove_dir);
}

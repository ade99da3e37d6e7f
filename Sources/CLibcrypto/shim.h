#ifndef VCORE_CLIBCRYPTO_SHIM_H
#define VCORE_CLIBCRYPTO_SHIM_H
#include <openssl/evp.h>
#include <openssl/cmac.h>
#include <openssl/hmac.h>
#include <openssl/md5.h>
#include <openssl/sha.h>
#include <openssl/rand.h>
#include <openssl/params.h>
#endif

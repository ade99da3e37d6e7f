#!/bin/sh
# Writes <product>.Containerfile for every VCore image from Containerfile.in.
# Run after editing the template; OCIImageTests fails when a generated file is stale.
set -eu
cd "$(dirname "$0")"
for product in mme sgw pgw hss pcrf pcscf scscf ransim vcore-testworkload; do
  sed "s/@PRODUCT@/$product/g" Containerfile.in > "$product.Containerfile"
done

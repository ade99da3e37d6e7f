// HSSKit: filled in below.

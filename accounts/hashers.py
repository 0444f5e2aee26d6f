"""Password hashing at OWASP's minimum work factor for Argon2id, not more.

Django's own Argon2PasswordHasher asks for 100 MiB and 8 lanes per hash: on the portal's
2-core server that is about 0.8 s of both cores per sign-in, and the PBKDF2 default of
Django 6.1 (1,500,000 iterations of SHA-256) about 1 s of one core. OWASP's Password
Storage Cheat Sheet gives Argon2id with m=19 MiB, t=2, p=1 as its first choice; it costs
a few tens of milliseconds here and, being memory-hard, still costs a GPU attacker more
per guess than PBKDF2 does. Measurements: README, "Measurements".

Hashes made with the previous hashers (PBKDF2, or Argon2 with other parameters) still
verify and are rewritten with these parameters at the next sign-in: Django upgrades a
hash whose hasher or parameters differ from the first entry of PASSWORD_HASHERS.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idOwaspHasher(Argon2PasswordHasher):
    """Argon2id, m=19 MiB, t=2, p=1 (OWASP's minimum), under Django's "argon2" algorithm name."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1

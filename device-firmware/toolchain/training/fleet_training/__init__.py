# SPDX-License-Identifier: MIT
"""Reference-model training for Fleet (issue 9 point 6). See docs/reference-models.md."""

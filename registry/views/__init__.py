"""The registry's pages: the BLK-K directory and profiles, training centres and provinces."""

from .blkk import blkk_detail, blkk_edit, blkk_list, regency_options
from .places import centre_detail, centre_list, province_detail, province_list

__all__ = [
    "blkk_detail",
    "blkk_edit",
    "blkk_list",
    "centre_detail",
    "centre_list",
    "province_detail",
    "province_list",
    "regency_options",
]

"""The forum's models, one module per concept; import them from here.

- forums: the national and provincial forums, board positions and meetings
- decrees: the Director General's mentor decrees and their annexes
"""

from .decrees import Decree, new_verification_token, signed_decree_path
from .forums import BoardPosition, Forum, Meeting

__all__ = [
    "BoardPosition",
    "Decree",
    "Forum",
    "Meeting",
    # Named by migrations (the token default and the upload path of the signed PDF).
    "new_verification_token",
    "signed_decree_path",
]

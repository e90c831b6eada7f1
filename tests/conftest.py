import sys
from pathlib import Path

# tests/wrong is the mistake catalogue, imported as `wrong`.
sys.path.insert(0, str(Path(__file__).parent))

"""张家口科技特派员 field desktop — Qt-free core package.

Everything in this package except ``zjk_desktop.gui`` must stay importable
without PySide6 (``tests/test_core_is_qt_free.py`` proves it).
"""

__version__ = "0.1.0"

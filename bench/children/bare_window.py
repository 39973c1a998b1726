"""The baseline of ``bench/startup.py``: a bare ``QMainWindow`` with one ``QLineEdit``, shown.

Imports only what it needs (the watcher in ``first_paint`` is the same for both contenders).
"""

import sys

from first_paint import watch
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLineEdit())
watch(window)
window.show()
sys.exit(app.exec())

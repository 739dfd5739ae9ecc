import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imr_archive.settings")
application = get_wsgi_application()

# What the process loaded to serve (Django, the apps, ~175,000 objects) lives as long as the process: moved out of
# the garbage collector's reach, so that its full collections stop walking it, a 150-250 ms pause in the middle of
# whichever request set one off (bench/bench_search.py runs its pages in a process set up the same way).
gc.collect()
gc.freeze()

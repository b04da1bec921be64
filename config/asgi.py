from django.core.asgi import get_asgi_application

from config.env import use_settings_module

use_settings_module()
application = get_asgi_application()

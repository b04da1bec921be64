"""The team's pages under ``org/``, in one ``hiring`` namespace (templates reverse
``hiring:role``, ``hiring:application`` …): the role pages, then the pipeline's."""

from hiring.pipeline import urls as pipeline_urls
from hiring.roles import urls as roles_urls

app_name = "hiring"

urlpatterns = [*roles_urls.urlpatterns, *pipeline_urls.urlpatterns]

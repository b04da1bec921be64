from django.urls import path

from assessments.attempts import views

app_name = "attempts"

urlpatterns = [
    path("start/<int:application_pk>/", views.start, name="start"),
    path("<int:pk>/", views.attempt, name="attempt"),
    path("<int:pk>/items/<int:position>/", views.item, name="item"),
    path("<int:pk>/items/<int:position>/answer/", views.answer, name="answer"),
    path("<int:pk>/items/<int:position>/flag/", views.flag, name="flag"),
    path("<int:pk>/activity/", views.activity, name="activity"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/submitted/", views.submitted, name="submitted"),
    path("<int:pk>/feedback/", views.feedback, name="feedback"),
    path("<int:pk>/contest/", views.contest, name="contest"),
]

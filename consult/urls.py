from django.urls import path

from . import (
    listen_views,
    media_views,
    publication_views,
    themes_views,
    views,
    voices_views,
)
from .budgeting import results_views as budget_results_views
from .budgeting import views as budget_views
from .priorities import paper_views  # paper ballots (h-paperroom)
from .priorities import views as priority_views

app_name = "consult"
urlpatterns = [
    path("inquiries/<slug:slug>/team/", views.team_page, name="team_page"),
    path("inquiries/<slug:slug>/code/", views.code_entry, name="code_entry"),
    path("inquiries/<slug:slug>/codes/", views.codes_page, name="codes_page"),
    path("inquiries/<slug:slug>/story/", listen_views.story, name="story"),
    path(
        "inquiries/<slug:slug>/findings/<int:pk>/media/",
        media_views.finding_media,
        name="finding_media",
    ),
    path(
        "inquiries/<slug:slug>/story/<int:pk>/change/",
        listen_views.story,
        name="change_story",
    ),
    path(
        "inquiries/<slug:slug>/story/<int:pk>/withdraw/",
        listen_views.withdraw_story,
        name="withdraw_story",
    ),
    path(
        "inquiries/<slug:slug>/my-stories/", listen_views.my_stories, name="my_stories"
    ),
    path(
        "inquiries/<slug:slug>/moderation/", listen_views.moderation, name="moderation"
    ),
    path(
        "inquiries/<slug:slug>/safeguarding/",
        listen_views.safeguarding,
        name="safeguarding",
    ),
    path(
        "inquiries/<slug:slug>/about-you/",
        voices_views.about_you_page,
        name="about_you",
    ),
    path(
        "inquiries/<slug:slug>/about-you/delete/",
        voices_views.delete_about_you,
        name="delete_about_you",
    ),
    path("inquiries/<slug:slug>/voices/", voices_views.voices, name="voices"),
    path(
        "inquiries/<slug:slug>/voices.csv", voices_views.voices_csv, name="voices_csv"
    ),
    # Make sense: themes, suggestions and changes (themes_views.py).
    path("inquiries/<slug:slug>/themes/", themes_views.themes_index, name="themes"),
    path(
        "inquiries/<slug:slug>/themes/suggestions/",
        themes_views.suggestions,
        name="theme_suggestions",
    ),
    path(
        "inquiries/<slug:slug>/themes/<int:pk>/",
        themes_views.theme_detail,
        name="theme_detail",
    ),
    path(
        "inquiries/<slug:slug>/changes/<int:number>/",
        themes_views.change_edit,
        name="change_edit",
    ),
    # Budget: money picture, support models, ballots, pledges (budgetapp).
    path("inquiries/<slug:slug>/budget/", budget_views.money_page, name="budget"),
    path(
        "inquiries/<slug:slug>/budget/models/<int:pk>/",
        budget_views.model_page,
        name="budget_model",
    ),
    path(
        "inquiries/<slug:slug>/budget/split/", budget_views.split, name="budget_split"
    ),
    path(
        "inquiries/<slug:slug>/budget/choose/",
        budget_views.choose,
        name="budget_choose",
    ),
    path(
        "inquiries/<slug:slug>/budget/pledge/",
        budget_views.pledge,
        name="budget_pledge",
    ),
    path(
        "inquiries/<slug:slug>/budget/assisted/",
        budget_views.assisted,
        name="budget_assisted",
    ),
    path(
        "inquiries/<slug:slug>/budget/results/",
        budget_results_views.results,
        name="budget_results",
    ),
    # Priority voting (h-ballots)
    path("inquiries/<slug:slug>/priorities/", priority_views.ballot, name="priorities"),
    path(
        "inquiries/<slug:slug>/priorities/<int:number>/",
        priority_views.step,
        name="priorities_step",
    ),
    path(
        "inquiries/<slug:slug>/priorities/check/",
        priority_views.check,
        name="priorities_check",
    ),
    path(
        "inquiries/<slug:slug>/priorities/voted/",
        priority_views.voted,
        name="priorities_voted",
    ),
    path(
        "inquiries/<slug:slug>/priorities/setup/",
        priority_views.setup,
        name="priorities_setup",
    ),
    path(
        "inquiries/<slug:slug>/priorities/assisted/",
        priority_views.assisted,
        name="priorities_assisted",
    ),
    path(
        "inquiries/<slug:slug>/priorities/assisted/vote/",
        priority_views.assisted_vote,
        name="priorities_assisted_vote",
    ),
    # Paper ballots (h-paperroom)
    path(
        "inquiries/<slug:slug>/priorities/paper/",
        paper_views.paper_home,
        name="paper_home",
    ),
    path(
        "inquiries/<slug:slug>/priorities/paper.pdf",
        paper_views.paper_pdf,
        name="paper_pdf",
    ),
    path(
        "inquiries/<slug:slug>/priorities/paper/<int:pk>/",
        paper_views.paper_batch,
        name="paper_batch",
    ),
    path(
        "inquiries/<slug:slug>/priorities/paper/<int:pk>/check/",
        paper_views.paper_check,
        name="paper_check",
    ),
]

# Priority results (h-results)
from .priorities import results_views  # noqa: E402

urlpatterns += [
    path(
        "inquiries/<slug:slug>/priorities/results/",
        results_views.results_page,
        name="priority_results",
    ),
    path(
        "inquiries/<slug:slug>/priorities/results.json",
        results_views.results_json,
        name="priority_results_json",
    ),
    # Publish: the editor's one switch for all public results.
    path(
        "inquiries/<slug:slug>/publish/",
        publication_views.publish_page,
        name="publish",
    ),
]

# Open data files (h-opendata): the downloads page is the inquiry page's data/.
from .opendata import views as opendata_views  # noqa: E402

urlpatterns += [
    path(
        "inquiries/<slug:slug>/data/<str:filename>",
        opendata_views.download,
        name="opendata_file",
    ),
]

# Results PDFs (h-pdf): public downloads, standard and easy read.
from .results import pdf_views  # noqa: E402

urlpatterns += [
    path(
        "inquiries/<slug:slug>/results.pdf",
        pdf_views.results_pdf,
        name="results_pdf",
    ),
    path(
        "inquiries/<slug:slug>/results-easy-read.pdf",
        pdf_views.results_pdf_easy_read,
        name="results_pdf_easy_read",
    ),
]

# Commit and account (h-commit): organisations, commitments, progress updates.
from .commitments import views as commitment_views  # noqa: E402

_commitment = "organisations/<slug:slug>/commitments/<int:pk>/"
urlpatterns += [
    path(
        "organisations/<slug:slug>/",
        commitment_views.organisation_page,
        name="organisation",
    ),
    path(
        "organisations/<slug:slug>/commitments/",
        commitment_views.editor_list,
        name="org_commitments",
    ),
    path(
        "organisations/<slug:slug>/commitments/new/",
        commitment_views.commitment_new,
        name="commitment_new",
    ),
    path(_commitment, commitment_views.commitment_page, name="commitment"),
    path(
        _commitment + "edit/",
        commitment_views.commitment_edit,
        name="commitment_edit",
    ),
    path(
        _commitment + "milestones/new/",
        commitment_views.milestone_form,
        name="milestone_new",
    ),
    path(
        _commitment + "milestones/<int:mpk>/edit/",
        commitment_views.milestone_form,
        name="milestone_edit",
    ),
    path(
        _commitment + "updates/new/",
        commitment_views.update_form,
        name="update_new",
    ),
    path(
        _commitment + "updates/<int:upk>/edit/",
        commitment_views.update_form,
        name="update_edit",
    ),
    path(
        _commitment + "updates/<int:upk>/evidence/",
        commitment_views.update_evidence,
        name="update_evidence",
    ),
]

# Ratings, rating comments and editor invitations (h-ratings).
from .commitments import rating_views  # noqa: E402

urlpatterns += [
    path(_commitment + "updates/<int:upk>/rate/", rating_views.rate, name="rate"),
    path(
        "inquiries/<slug:slug>/moderation/rating-comments/",
        rating_views.rating_comments,
        name="rating_comments",
    ),
    path(
        "organisations/<slug:slug>/editors/",
        rating_views.editors,
        name="org_editors",
    ),
    path(
        "editor-invitations/<str:token>/",
        rating_views.accept_invite,
        name="accept_invite",
    ),
]

# Follow, feeds, exports and spreadsheet import of commitments (h-commitio).
from .commitments import io_views as commitment_io  # noqa: E402

_change = "inquiries/<slug:slug>/you-said-we-did/<int:number>/"
urlpatterns += [
    path(
        "organisations/<slug:slug>/follow/",
        commitment_io.follow_organisation,
        name="follow_organisation",
    ),
    path(
        "organisations/<slug:slug>/feed/",
        commitment_io.commitments_feed,
        name="organisation_feed",
    ),
    path(_change + "follow/", commitment_io.follow_change, name="follow_change"),
    path(_change + "feed/", commitment_io.commitments_feed, name="change_feed"),
    path(
        "follow/confirm/<str:token>/",
        commitment_io.confirm_follow,
        name="confirm_follow",
    ),
    path("follow/stop/<str:token>/", commitment_io.unfollow, name="unfollow"),
    path(
        "organisations/<slug:slug>/export/<str:filename>",
        commitment_io.organisation_export,
        name="organisation_export",
    ),
    path(
        "inquiries/<slug:slug>/commitments/<str:filename>",
        commitment_io.inquiry_export,
        name="inquiry_export",
    ),
    path(
        "organisations/<slug:slug>/commitments/import/",
        commitment_io.import_commitments,
        name="import_commitments",
    ),
    path(
        "organisations/<slug:slug>/commitments/import/template.csv",
        commitment_io.import_template,
        name="import_template",
    ),
]

# People's rights: your information, the privacy notice (h-privacy)
from .privacy.urls import urlpatterns as privacy_urlpatterns  # noqa: E402

urlpatterns += privacy_urlpatterns

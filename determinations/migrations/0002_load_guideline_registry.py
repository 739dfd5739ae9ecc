"""Load the guideline registry of docs/FORMATS.md, so every database knows every slug the parser emits.

Later registry additions get a migration of their own that calls the same upsert.
"""

from django.db import migrations


def load_registry(apps, schema_editor):
    from determinations.parsing.registry import GUIDELINES

    Guideline = apps.get_model("determinations", "Guideline")
    Guideline.objects.bulk_create(
        [Guideline(slug=g.slug, family=g.family, chapter=g.chapter, title=g.title) for g in GUIDELINES],
        update_conflicts=True,
        unique_fields=["slug"],
        update_fields=["family", "chapter", "title"],
    )


class Migration(migrations.Migration):
    dependencies = [("determinations", "0001_initial")]
    operations = [migrations.RunPython(load_registry, migrations.RunPython.noop)]

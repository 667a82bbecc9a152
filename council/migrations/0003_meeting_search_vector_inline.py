from django.db import migrations


class Migration(migrations.Migration):
    """Keep each meeting's search vector in its table row instead of the TOAST table.

    A search reads the vector of every meeting (for a few hundred rows the planner rightly prefers
    a sequential scan to the GIN index), and fetching some 3 KB out of line per meeting was most
    of a search's time. With STORAGE MAIN a vector stays in the row (compressed if that helps; out
    of line only when a row cannot fit a page). The ALTER applies to values written afterwards,
    so the UPDATE stores the existing vectors again, unchanged (`|| ''` makes a new value).
    """

    dependencies = [("council", "0002_grievance_received_index")]

    operations = [
        migrations.RunSQL(
            sql=[
                "ALTER TABLE council_meeting ALTER COLUMN search_vector SET STORAGE MAIN",
                "UPDATE council_meeting SET search_vector = search_vector || ''::tsvector "
                "WHERE search_vector IS NOT NULL",
            ],
            reverse_sql=[
                "ALTER TABLE council_meeting ALTER COLUMN search_vector SET STORAGE EXTENDED"
            ],
        ),
    ]

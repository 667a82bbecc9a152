"""English company texts (django-modeltranslation): `<field>_ko` and `<field>_en` columns.

Every existing text is copied into its Korean column, so nothing a company wrote is lost; the
English ones start empty. `name_en` is kept as it was.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('companies', '0006_import_job'),
    ]

    operations = [
        migrations.AddField(
            model_name='company',
            name='description_en',
            field=models.TextField(blank=True, max_length=20000, null=True, verbose_name='소개'),
        ),
        migrations.AddField(
            model_name='company',
            name='description_ko',
            field=models.TextField(blank=True, max_length=20000, null=True, verbose_name='소개'),
        ),
        migrations.AddField(
            model_name='company',
            name='keywords_en',
            field=models.CharField(blank=True, help_text='쉼표로 구분합니다. 예: 보안, 클라우드', max_length=200, null=True, verbose_name='키워드'),
        ),
        migrations.AddField(
            model_name='company',
            name='keywords_ko',
            field=models.CharField(blank=True, help_text='쉼표로 구분합니다. 예: 보안, 클라우드', max_length=200, null=True, verbose_name='키워드'),
        ),
        migrations.AddField(
            model_name='company',
            name='products_en',
            field=models.TextField(blank=True, max_length=1000, null=True, verbose_name='주요 제품·서비스'),
        ),
        migrations.AddField(
            model_name='company',
            name='products_ko',
            field=models.TextField(blank=True, max_length=1000, null=True, verbose_name='주요 제품·서비스'),
        ),
        migrations.AddField(
            model_name='company',
            name='road_address_en',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='도로명 주소'),
        ),
        migrations.AddField(
            model_name='company',
            name='road_address_ko',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='도로명 주소'),
        ),
        migrations.RunSQL(
            """
            UPDATE companies_company SET
                products_ko = products,
                keywords_ko = keywords,
                description_ko = description,
                road_address_ko = road_address,
                products_en = '',
                keywords_en = '',
                description_en = '',
                road_address_en = ''
            """,
            migrations.RunSQL.noop,
        ),
]

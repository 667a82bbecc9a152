"""English names of the reference data: KSIC sections and divisions, certifications (official
English names, filled from companies/reference.py) and buildings (filled by staff or the demo loader).
"""

from django.db import migrations, models


def fill(apps, schema_editor):
    from companies.reference import load_reference_data

    load_reference_data(apps)


class Migration(migrations.Migration):

    dependencies = [
        ('companies', '0007_english_fields'),
    ]

    operations = [
        migrations.AddField(
            model_name='building',
            name='name_en',
            field=models.CharField(blank=True, help_text='건물 소유주·관리단이 쓰는 영문 표기 (예: Daeryung Post Tower 8). 비워 두면 영문 페이지에 한국어 이름이 ‘한국어 원문’ 표시와 함께 나옵니다.', max_length=100, verbose_name='영문 건물명'),
        ),
        migrations.AddField(
            model_name='certification',
            name='name_en',
            field=models.CharField(blank=True, help_text='인증 기관이 쓰는 공식 영문 이름 (예: INNOBIZ). 비워 두면 영문 페이지에 한국어 이름이 ‘한국어 원문’ 표시와 함께 나옵니다.', max_length=100, verbose_name='영문 이름'),
        ),
        migrations.AddField(
            model_name='industrydivision',
            name='name_en',
            field=models.CharField(blank=True, help_text='통계청이 발표한 한국표준산업분류의 공식 영문 이름', max_length=150, verbose_name='영문 이름'),
        ),
        migrations.AddField(
            model_name='industrysection',
            name='name_en',
            field=models.CharField(blank=True, help_text='통계청이 발표한 한국표준산업분류의 공식 영문 이름', max_length=150, verbose_name='영문 이름'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]

"""English event texts (django-modeltranslation): `<field>_ko` and `<field>_en` columns.

Every existing text is copied into its Korean column, so nothing an editor wrote is lost; the
English ones start empty.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0012_entry_attachment'),
    ]

    operations = [
        migrations.AddField(
            model_name='call',
            name='description_en',
            field=models.TextField(blank=True, null=True, verbose_name='안내'),
        ),
        migrations.AddField(
            model_name='call',
            name='description_ko',
            field=models.TextField(blank=True, null=True, verbose_name='안내'),
        ),
        migrations.AddField(
            model_name='call',
            name='title_en',
            field=models.CharField(max_length=150, null=True, verbose_name='공모명'),
        ),
        migrations.AddField(
            model_name='call',
            name='title_ko',
            field=models.CharField(max_length=150, null=True, verbose_name='공모명'),
        ),
        migrations.AddField(
            model_name='criterion',
            name='name_en',
            field=models.CharField(max_length=80, null=True, verbose_name='심사 기준'),
        ),
        migrations.AddField(
            model_name='criterion',
            name='name_ko',
            field=models.CharField(max_length=80, null=True, verbose_name='심사 기준'),
        ),
        migrations.AddField(
            model_name='edition',
            name='cohosts_en',
            field=models.TextField(blank=True, help_text='기관 이름을 한 줄에 하나씩 적습니다.', null=True, verbose_name='공동 주최'),
        ),
        migrations.AddField(
            model_name='edition',
            name='cohosts_ko',
            field=models.TextField(blank=True, help_text='기관 이름을 한 줄에 하나씩 적습니다.', null=True, verbose_name='공동 주최'),
        ),
        migrations.AddField(
            model_name='edition',
            name='description_en',
            field=models.TextField(blank=True, null=True, verbose_name='소개'),
        ),
        migrations.AddField(
            model_name='edition',
            name='description_ko',
            field=models.TextField(blank=True, null=True, verbose_name='소개'),
        ),
        migrations.AddField(
            model_name='edition',
            name='theme_en',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='주제'),
        ),
        migrations.AddField(
            model_name='edition',
            name='theme_ko',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='주제'),
        ),
        migrations.AddField(
            model_name='event',
            name='description_en',
            field=models.TextField(blank=True, null=True, verbose_name='설명'),
        ),
        migrations.AddField(
            model_name='event',
            name='description_ko',
            field=models.TextField(blank=True, null=True, verbose_name='설명'),
        ),
        migrations.AddField(
            model_name='event',
            name='how_to_take_part_en',
            field=models.TextField(blank=True, null=True, verbose_name='참여 방법'),
        ),
        migrations.AddField(
            model_name='event',
            name='how_to_take_part_ko',
            field=models.TextField(blank=True, null=True, verbose_name='참여 방법'),
        ),
        migrations.AddField(
            model_name='event',
            name='organiser_en',
            field=models.CharField(max_length=150, null=True, verbose_name='주최·주관'),
        ),
        migrations.AddField(
            model_name='event',
            name='organiser_ko',
            field=models.CharField(max_length=150, null=True, verbose_name='주최·주관'),
        ),
        migrations.AddField(
            model_name='event',
            name='summary_en',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='한 줄 소개'),
        ),
        migrations.AddField(
            model_name='event',
            name='summary_ko',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='한 줄 소개'),
        ),
        migrations.AddField(
            model_name='event',
            name='title_en',
            field=models.CharField(max_length=150, null=True, verbose_name='행사명'),
        ),
        migrations.AddField(
            model_name='event',
            name='title_ko',
            field=models.CharField(max_length=150, null=True, verbose_name='행사명'),
        ),
        migrations.AddField(
            model_name='event',
            name='venue_note_en',
            field=models.CharField(blank=True, help_text='예: 출발 대륭포스트타워 8차', max_length=200, null=True, verbose_name='장소 보충 설명'),
        ),
        migrations.AddField(
            model_name='event',
            name='venue_note_ko',
            field=models.CharField(blank=True, help_text='예: 출발 대륭포스트타워 8차', max_length=200, null=True, verbose_name='장소 보충 설명'),
        ),
        migrations.AddField(
            model_name='space',
            name='accessibility_en',
            field=models.TextField(blank=True, help_text='휠체어 출입, 승강기, 장애인 화장실 등', null=True, verbose_name='접근성 안내'),
        ),
        migrations.AddField(
            model_name='space',
            name='accessibility_ko',
            field=models.TextField(blank=True, help_text='휠체어 출입, 승강기, 장애인 화장실 등', null=True, verbose_name='접근성 안내'),
        ),
        migrations.AddField(
            model_name='space',
            name='description_en',
            field=models.TextField(blank=True, null=True, verbose_name='소개'),
        ),
        migrations.AddField(
            model_name='space',
            name='description_ko',
            field=models.TextField(blank=True, null=True, verbose_name='소개'),
        ),
        migrations.AddField(
            model_name='space',
            name='equipment_en',
            field=models.TextField(blank=True, help_text='빌려 쓸 수 있는 장비를 한 줄에 하나씩 적습니다.', null=True, verbose_name='장비'),
        ),
        migrations.AddField(
            model_name='space',
            name='equipment_ko',
            field=models.TextField(blank=True, help_text='빌려 쓸 수 있는 장비를 한 줄에 하나씩 적습니다.', null=True, verbose_name='장비'),
        ),
        migrations.AddField(
            model_name='space',
            name='fee_en',
            field=models.CharField(help_text='예: 무료, 시간당 30,000원. 온라인 결제는 없습니다.', max_length=200, null=True, verbose_name='이용료'),
        ),
        migrations.AddField(
            model_name='space',
            name='fee_ko',
            field=models.CharField(help_text='예: 무료, 시간당 30,000원. 온라인 결제는 없습니다.', max_length=200, null=True, verbose_name='이용료'),
        ),
        migrations.AddField(
            model_name='space',
            name='floor_en',
            field=models.CharField(blank=True, max_length=100, null=True, verbose_name='층·위치'),
        ),
        migrations.AddField(
            model_name='space',
            name='floor_ko',
            field=models.CharField(blank=True, max_length=100, null=True, verbose_name='층·위치'),
        ),
        migrations.AddField(
            model_name='space',
            name='name_en',
            field=models.CharField(max_length=100, null=True, verbose_name='공간 이름'),
        ),
        migrations.AddField(
            model_name='space',
            name='name_ko',
            field=models.CharField(max_length=100, null=True, verbose_name='공간 이름'),
        ),
        migrations.AddField(
            model_name='space',
            name='rules_en',
            field=models.TextField(blank=True, null=True, verbose_name='이용 규칙'),
        ),
        migrations.AddField(
            model_name='space',
            name='rules_ko',
            field=models.TextField(blank=True, null=True, verbose_name='이용 규칙'),
        ),
        migrations.AddField(
            model_name='space',
            name='summary_en',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='한 줄 소개'),
        ),
        migrations.AddField(
            model_name='space',
            name='summary_ko',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='한 줄 소개'),
        ),
        migrations.AddField(
            model_name='spaceclosure',
            name='reason_en',
            field=models.CharField(help_text='예: 추석 연휴, 시설 점검', max_length=200, null=True, verbose_name='사유'),
        ),
        migrations.AddField(
            model_name='spaceclosure',
            name='reason_ko',
            field=models.CharField(help_text='예: 추석 연휴, 시설 점검', max_length=200, null=True, verbose_name='사유'),
        ),
        migrations.AddField(
            model_name='venue',
            name='accessibility_en',
            field=models.TextField(blank=True, help_text='휠체어 출입, 승강기, 장애인 화장실 등', null=True, verbose_name='접근성 안내'),
        ),
        migrations.AddField(
            model_name='venue',
            name='accessibility_ko',
            field=models.TextField(blank=True, help_text='휠체어 출입, 승강기, 장애인 화장실 등', null=True, verbose_name='접근성 안내'),
        ),
        migrations.AddField(
            model_name='venue',
            name='address_en',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='주소'),
        ),
        migrations.AddField(
            model_name='venue',
            name='address_ko',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='주소'),
        ),
        migrations.AddField(
            model_name='venue',
            name='description_en',
            field=models.TextField(blank=True, null=True, verbose_name='소개'),
        ),
        migrations.AddField(
            model_name='venue',
            name='description_ko',
            field=models.TextField(blank=True, null=True, verbose_name='소개'),
        ),
        migrations.AddField(
            model_name='venue',
            name='name_en',
            field=models.CharField(max_length=100, null=True, verbose_name='장소명'),
        ),
        migrations.AddField(
            model_name='venue',
            name='name_ko',
            field=models.CharField(max_length=100, null=True, verbose_name='장소명'),
        ),
        migrations.AddField(
            model_name='venue',
            name='transit_en',
            field=models.TextField(blank=True, help_text='가까운 역, 버스 등', null=True, verbose_name='교통편'),
        ),
        migrations.AddField(
            model_name='venue',
            name='transit_ko',
            field=models.TextField(blank=True, help_text='가까운 역, 버스 등', null=True, verbose_name='교통편'),
        ),
            migrations.RunSQL(
            """
            UPDATE events_edition SET
                theme_ko = theme,
                description_ko = description,
                cohosts_ko = cohosts,
                theme_en = '',
                description_en = '',
                cohosts_en = ''
            """,
            migrations.RunSQL.noop,
        ),
        migrations.RunSQL(
            """
            UPDATE events_venue SET
                name_ko = name,
                address_ko = address,
                description_ko = description,
                transit_ko = transit,
                accessibility_ko = accessibility,
                name_en = '',
                address_en = '',
                description_en = '',
                transit_en = '',
                accessibility_en = ''
            """,
            migrations.RunSQL.noop,
        ),
        migrations.RunSQL(
            """
            UPDATE events_event SET
                title_ko = title,
                summary_ko = summary,
                description_ko = description,
                how_to_take_part_ko = how_to_take_part,
                organiser_ko = organiser,
                venue_note_ko = venue_note,
                title_en = '',
                summary_en = '',
                description_en = '',
                how_to_take_part_en = '',
                organiser_en = '',
                venue_note_en = ''
            """,
            migrations.RunSQL.noop,
        ),
        migrations.RunSQL(
            """
            UPDATE events_space SET
                name_ko = name,
                floor_ko = floor,
                summary_ko = summary,
                description_ko = description,
                equipment_ko = equipment,
                accessibility_ko = accessibility,
                fee_ko = fee,
                rules_ko = rules,
                name_en = '',
                floor_en = '',
                summary_en = '',
                description_en = '',
                equipment_en = '',
                accessibility_en = '',
                fee_en = '',
                rules_en = ''
            """,
            migrations.RunSQL.noop,
        ),
        migrations.RunSQL(
            """
            UPDATE events_spaceclosure SET
                reason_ko = reason,
                reason_en = ''
            """,
            migrations.RunSQL.noop,
        ),
        migrations.RunSQL(
            """
            UPDATE events_call SET
                title_ko = title,
                description_ko = description,
                title_en = '',
                description_en = ''
            """,
            migrations.RunSQL.noop,
        ),
        migrations.RunSQL(
            """
            UPDATE events_criterion SET
                name_ko = name,
                name_en = ''
            """,
            migrations.RunSQL.noop,
        ),
    ]

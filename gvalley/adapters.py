from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Keep allauth's defaults; a single place to adjust sign-up behaviour later."""

    def is_open_for_signup(self, request):
        return True

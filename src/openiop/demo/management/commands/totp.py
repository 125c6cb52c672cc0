from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.demo.guard import refuse_in_production


class Command(BaseCommand):
    help = "Print the current TOTP code of a DEMO user (refuses real accounts)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        refuse_in_production("totp")
        device = TOTPDevice.objects.filter(user__username=username, user__is_demo=True, confirmed=True).first()
        if device is None:
            raise CommandError(f"{username!r} is not a demo user with an authenticator")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"{code:0{device.digits}d}")

"""Print every URL pattern, where it stands in the access matrix, and the size of the matrix.

    PYTHONPATH=src python -m openiop.privacy.tests.access_matrix_size

The matrix itself is test_every_patient_page_denies_by_default; the count is of the (persona × URL × method)
requests its tests make, from the same tables they iterate over.
"""

import os


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openiop.settings")
    django.setup()
    from . import test_every_patient_page_denies_by_default as matrix

    in_matrix = {page.url_name for page in matrix.PAGES.values()}
    for name, route, params in matrix.url_patterns():
        if name in in_matrix:
            where = "matrix"
        elif name in matrix.LIST_PAGES:
            where = "matrix: list"
        elif name in matrix.PUBLIC_LINKS:
            where = "matrix: public link"
        elif name in matrix.EXCLUDED:
            where = f"excluded: {matrix.EXCLUDED[name]}"
        else:
            where = "no id"
        print(f"{name:34} /{route:80} {','.join(params) or '-':28} {where}")
    print(matrix.matrix_size())


if __name__ == "__main__":
    main()

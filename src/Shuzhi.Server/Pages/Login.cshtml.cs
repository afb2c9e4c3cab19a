using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages;

public sealed class LoginModel(SignIn signIn, IStringLocalizer<SharedResource> t, Shuzhi.Platform.ShuzhiOptions options, IWebHostEnvironment env) : PageModel
{
    /// <summary>Demo mode lists the demo accounts under the form.</summary>
    public bool Demo => options.DemoIn(env.EnvironmentName);

    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Username { get; set; }
    public string? Error { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(string? username, string? password, CancellationToken ct)
    {
        Username = username;
        try
        {
            var actor = await signIn.Handle(new SignIn.Command(username, password), ct, Shuzhi.Platform.Identity.SignIn.Channel.Web);
            await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                HttpActor.Principal(actor, CookieAuthenticationDefaults.AuthenticationScheme));
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }
        catch (ProblemException)
        {
            Error = t["InvalidCredentials"];
            return Page();
        }
    }
}
